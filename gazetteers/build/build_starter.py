#!/usr/bin/env python3
"""Build the starter gazetteers (countries, capitals, demonyms) for dealx.

Inputs (all pinned, see gazetteers/SOURCES.md):
  * CIA World Factbook extract, ../shared/gazetteer-sources/factbook/factbook-extract.json
    (factbook/factbook.json commit 783ed27f, 2026-01-22; public domain / CC0 1.0)
  * pycountry==26.2.16 (ISO 3166-1 data from Debian iso-codes, LGPL-2.1)
  * gazetteers/build/overlay_countries.tsv and overlay_demonyms.tsv (hand-curated)

Outputs (UTF-8, LF, tab-separated, one header row, no quoting):
  * gazetteers/places.tsv     one row per country and per capital city
  * gazetteers/demonyms.tsv   one row per demonym
  * gazetteers/MANIFEST.tsv   file, rows, sha256 of the two files above

Usage (from the repository root):
    python3 -m venv /tmp/gazetteer-venv
    /tmp/gazetteer-venv/bin/pip install --require-hashes -r gazetteers/build/requirements.txt
    /tmp/gazetteer-venv/bin/python gazetteers/build/build_starter.py

The script uses only the standard library and pycountry, never touches the network and
is deterministic: running it twice gives byte-identical files. It prints what it left out
or dropped so that the decisions can be reviewed.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

try:
    import pycountry
except ImportError:  # pragma: no cover - message for people who skipped the venv step
    sys.exit("error: pycountry is not installed; run\n"
             "  python3 -m venv /tmp/gazetteer-venv\n"
             "  /tmp/gazetteer-venv/bin/pip install --require-hashes "
             "-r gazetteers/build/requirements.txt\n"
             "  /tmp/gazetteer-venv/bin/python gazetteers/build/build_starter.py")

# ---------------------------------------------------------------------------
# Paths and pinned inputs
# ---------------------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = REPO_ROOT.parent / "shared"
FACTBOOK_PATH = SHARED_DIR / "gazetteer-sources" / "factbook" / "factbook-extract.json"
FACTBOOK_SHA256 = "0acc8ff5ee3bc5d7d43d8d4336e9971a55861b1e5db5e9e681883331d04babae"
FACTBOOK_COMMIT = "783ed27f7a1116663c10e7b39d162d0c4500505d"
PYCOUNTRY_VERSION = "26.2.16"

GAZ_DIR = REPO_ROOT / "gazetteers"
BUILD_DIR = GAZ_DIR / "build"
OVERLAY_COUNTRIES = BUILD_DIR / "overlay_countries.tsv"
OVERLAY_DEMONYMS = BUILD_DIR / "overlay_demonyms.tsv"
PLACES_OUT = GAZ_DIR / "places.tsv"
DEMONYMS_OUT = GAZ_DIR / "demonyms.tsv"
MANIFEST_OUT = GAZ_DIR / "MANIFEST.tsv"

PLACES_HEADER = ["id", "name", "aliases", "type", "subtype", "country", "attrs", "source"]
DEMONYMS_HEADER = ["name", "country", "source"]

# Order in which source tags are written in the `source` column.
SOURCE_ORDER = ["factbook", "factbook-former", "pycountry", "curated"]

# ---------------------------------------------------------------------------
# Hand-made decisions (kept small; every entry is explained)
# ---------------------------------------------------------------------------

# Factbook entity (GEC code) -> ISO 3166-1 alpha-2, for entities whose names do not match
# any pycountry name/official_name/common_name. The second value is the Factbook
# conventional short form; the script checks it so that a wrong GEC key fails loudly.
CROSSWALK = {
    "bm": ("MM", "Burma"),
    "cg": ("CD", "DRC"),  # pycountry: "Congo, The Democratic Republic of the"
    "fs": ("TF", "French Southern and Antarctic Lands"),  # ISO: French Southern Territories
    "mc": ("MO", "Macau"),  # ISO spells it Macao
    "pc": ("PN", "Pitcairn Islands"),  # ISO: Pitcairn
    "tu": ("TR", "Turkey"),  # ISO: Türkiye
    "um": ("UM", "Baker Island, Howland Island, Jarvis Island, Johnston Atoll, Kingman Reef, "
                 "Midway Islands, Palmyra Atoll"),
    "vq": ("VI", "Virgin Islands"),  # ISO: "Virgin Islands, U.S."
}

# Factbook entities that would match an ISO code but are not countries for news purposes.
NOT_COUNTRY = {
    "ay": "Antarctica is a continent (ISO AQ exists, but it is not a country)",
}

# Canonical `name` overrides where the Factbook short form is odd or missing and
# pycountry's name is comma-inverted. Keyed by ISO alpha-2.
NAME_OVERRIDE = {
    "CD": "Democratic Republic of the Congo",  # Factbook short form is "DRC"
    "CG": "Republic of the Congo",  # Factbook short form is "Congo (Brazzaville)"
    "DO": "Dominican Republic",  # Factbook short form is "The Dominican"
    "MM": "Myanmar",  # Factbook uses "Burma"; news and ISO use Myanmar (Burma stays an alias)
    "PS": "Palestine",  # ISO only: "Palestine, State of"
    "SH": "Saint Helena",  # both sources give the three-part name with commas
    "BQ": "Bonaire, Sint Eustatius and Saba",  # ISO only; the comma is a list, not an inversion
}

# Factbook conventional short forms that are not names news would write; they are not used
# as aliases ("Congo (Brazzaville)" would otherwise yield "Brazzaville", the capital, and
# "The Dominican" would yield "Dominican", a demonym shared with Dominica).
ODD_SHORT_FORMS = {
    "cf": "Congo (Brazzaville)",
    "dr": "The Dominican",
}

# Local (endonym) short forms are normally not used as aliases; these few are written in
# English-language Central Asian news and are kept.
LOCAL_SHORT_FORM_GEC = {"kz", "uz", "ti"}

# Surface forms never used as country aliases (ambiguous or risky for matching).
ALIAS_STOPLIST = {
    "AS": "American Samoa abbreviation; collides with the English word / legal form 'AS'",
    "CAR": "Central African Republic abbreviation; 'CAR' also means Central Asian Republics",
    "CH": "Switzerland abbreviation; collides with GEC code of China and Swiss legal usage",
    "Congo": "ambiguous between Republic of the Congo (CG) and DR Congo (CD)",
    "GU": "Guam abbreviation; two-letter token too ambiguous",
    "NL": "Netherlands abbreviation; two-letter token too ambiguous",
    "PR": "Puerto Rico abbreviation; collides with 'PR' (public relations)",
    "VI": "U.S. Virgin Islands abbreviation; collides with Roman numeral VI",
    "Male": "ASCII fold of Malé (Maldives capital) is the English word 'male'",
}

# Capitals the generic parser cannot read reliably: GEC -> [(name, [aliases])].
# Every string below is taken from the Factbook's own Capital > name text.
CAPITAL_FIX = {
    # "Rangoon (aka Yangon, continues to be recognized as the primary Burmese capital by the
    # US Government); Nay Pyi Taw is the administrative capital"
    "bm": [("Nay Pyi Taw", []), ("Yangon", ["Rangoon"])],
    # "Chisinau in Romanian (Kishinev in Russian)"
    "md": [("Chisinau", ["Kishinev"])],
    # "Kyiv (Kiev is the transliteration from Russian)"
    "up": [("Kyiv", ["Kiev"])],
    # "Washington, D.C." (the comma is part of the name)
    "us": [("Washington", ["Washington, D.C.", "Washington D.C."])],
}

# Lower-case words allowed inside a proper name (Ciudad de Mexico, Andorra la Vella, ...).
NAME_PARTICLES = {"de", "la", "del", "da", "di", "of", "the", "and", "al", "el", "es"}

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

TAG_RE = re.compile(r"<[^>]+>")
NOTE_RE = re.compile(r"[;,]?\s*\bnote\s*[-:\u2013]", re.IGNORECASE)
PAREN_RE = re.compile(r"\s*\([^()]*\)")


def text_of(value) -> str:
    """Factbook value -> plain text: tags removed, entities decoded, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("text", "")
    if not isinstance(value, str):
        return ""
    s = TAG_RE.sub(" ", value)
    s = html.unescape(s)
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def drop_note(s: str) -> str:
    """Cut a value at its first 'note -' / 'note:' marker."""
    return NOTE_RE.split(s, maxsplit=1)[0].strip(" ;,")


def is_none(s: str) -> bool:
    return s.strip().lower() in {"", "none", "na", "n/a"}


def fold(s: str) -> str:
    """ASCII fold (Türkiye -> Turkiye); returns '' when the result is not pure ASCII."""
    out = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return out if out.isascii() else ""


def key(s: str) -> str:
    """Matching key for names: folded, case-folded, parentheses, punctuation and 'the' removed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = PAREN_RE.sub(" ", s)
    s = s.replace("&", " and ")
    s = re.sub(r"[^0-9a-z]+", " ", s)
    words = [w for w in s.split() if w != "the"]
    return " ".join(words)


def slug(s: str) -> str:
    f = fold(s) or s
    return re.sub(r"[^a-z0-9]+", "-", f.lower()).strip("-")


def split_top_level(s: str, seps: str) -> list[str]:
    """Split on any character in `seps` that is not inside parentheses or brackets."""
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def is_clean_name(s: str, max_words: int = 6) -> bool:
    """A proper name: starts with a capital, every word capitalised or a known particle."""
    if not s or not s[0].isupper():
        return False
    if any(ch in s for ch in "\t\n|;()[]"):
        return False
    words = s.split()
    if len(words) > max_words:
        return False
    for w in words:
        if w in NAME_PARTICLES:
            continue
        if not (w[0].isupper() or w[0].isdigit()):
            return False
    return True


def sort_sources(tags) -> str:
    return ";".join(t for t in SOURCE_ORDER if t in tags)


def read_tsv(path: Path, header: list[str]) -> list[dict]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != header:
        sys.exit(f"error: {path}: header must be {header!r}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(header) or any(c != c.strip() or not c for c in cells):
            sys.exit(f"error: {path}:{n}: expected {len(header)} non-empty trimmed cells")
        rows.append(dict(zip(header, cells)))
    return rows


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def load_factbook() -> dict:
    data = FACTBOOK_PATH.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != FACTBOOK_SHA256:
        sys.exit(f"error: {FACTBOOK_PATH} sha256 {digest} != pinned {FACTBOOK_SHA256}")
    doc = json.loads(data.decode("utf-8"))
    if doc["source"]["commit"] != FACTBOOK_COMMIT:
        sys.exit(f"error: Factbook extract commit {doc['source']['commit']} != {FACTBOOK_COMMIT}")
    return doc["entities"]


def check_pycountry() -> None:
    version = importlib.metadata.version("pycountry")
    if version != PYCOUNTRY_VERSION:
        sys.exit(f"error: pycountry {version} installed, {PYCOUNTRY_VERSION} required "
                 f"(pip install -r gazetteers/build/requirements.txt)")


def pycountry_names(c) -> list[str]:
    out = []
    for attr in ("name", "official_name", "common_name"):
        v = getattr(c, attr, None)
        if v:
            out.append(v)
    return out


def pycountry_index() -> dict[str, str]:
    """Matching key -> alpha-2, for keys that point at exactly one country."""
    seen: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for n in pycountry_names(c):
            seen[key(n)].add(c.alpha_2)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


# ---------------------------------------------------------------------------
# Factbook field readers
# ---------------------------------------------------------------------------


def country_name_field(ent: dict, field: str) -> str:
    cn = (ent.get("Government") or {}).get("Country name") or {}
    s = drop_note(text_of(cn.get(field)))
    return "" if is_none(s) else s


def long_form(ent: dict) -> str:
    s = country_name_field(ent, "conventional long form")
    # "Islamic Republic of Afghanistan (prior to 15 August 2021); current country name disputed"
    s = split_top_level(s, ";")[0] if s else ""
    # Drop qualifying brackets ("(prior to 15 August 2021)") but keep name parts such as
    # "Cocos (Keeling) Islands"; such a form is then simply not used as an alias.
    s = re.sub(r"\s*\((?:[^()]*\d[^()]*|[a-z][^()]*)\)", "", s).strip()
    return s


def short_form(ent: dict) -> str:
    return country_name_field(ent, "conventional short form")


def abbreviations(ent: dict) -> list[str]:
    """Factbook abbreviation field -> acronyms with 2+ capitals (UK, UAE, PRC, BiH, Lao PDR)."""
    s = country_name_field(ent, "abbreviation")
    out = []
    for tok in re.split(r"\s+or\s+|/|\(|\)", s):
        tok = tok.strip(" .,")
        if not tok:
            continue
        if re.fullmatch(r"[A-Z][A-Za-z]*", tok) and sum(ch.isupper() for ch in tok) >= 2:
            out.append(tok)
        elif re.fullmatch(r"[A-Z][a-z]+ [A-Z]{2,}", tok):
            out.append(tok)
    return out


def former_ssr_adjectives(ent: dict) -> list[str]:
    """'Kazakh Soviet Socialist Republic' -> ['Kazakh']; 'Belorussian (Byelorussian) ...' -> both."""
    s = country_name_field(ent, "former")
    out = []
    for part in split_top_level(s, ",;"):
        m = re.match(r"^(.+?)\s+Soviet Socialist Republic\b", part)
        if not m:
            continue
        head = m.group(1).strip()
        alts = [PAREN_RE.sub("", head).strip()] + re.findall(r"\(([^()]+)\)", head)
        for a in alts:
            a = a.strip()
            if re.fullmatch(r"[A-Z][a-z]+", a):
                out.append(a)
    return out


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------


class Row:
    def __init__(self, id_: str, name: str, subtype: str, country: str, attrs: str):
        self.id = id_
        self.name = name
        self.subtype = subtype
        self.country = country
        self.attrs = attrs
        self.aliases: dict[str, set[str]] = {}  # alias -> source tags
        self.sources: set[str] = set()

    def add_alias(self, alias: str, tag: str) -> None:
        alias = alias.strip()
        if alias and alias != self.name:
            self.aliases.setdefault(alias, set()).add(tag)

    def cells(self) -> list[str]:
        aliases = sorted(self.aliases, key=lambda a: (a.casefold(), a))
        return [self.id, self.name, "|".join(aliases), "place", self.subtype, self.country,
                self.attrs, sort_sources(self.sources)]


def acceptable_country_alias(a: str) -> bool:
    if not a or "," in a or "(" in a or ")" in a or not a[0].isupper():
        return False
    return a not in ALIAS_STOPLIST


def map_entities(ents: dict, index: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """GEC -> ISO alpha-2 for every Factbook entity that is a country; report the rest."""
    gec_to_iso: dict[str, str] = {}
    left_out: list[str] = []
    for gec in sorted(ents):
        ent = ents[gec]
        label = short_form(ent) or long_form(ent) or ent.get("file", gec)
        if gec in NOT_COUNTRY:
            left_out.append(f"{gec} {label}: {NOT_COUNTRY[gec]}")
            continue
        if gec in CROSSWALK:
            iso, expected = CROSSWALK[gec]
            if short_form(ent) != expected:
                sys.exit(f"error: crosswalk {gec}: Factbook short form {short_form(ent)!r} "
                         f"!= expected {expected!r}")
            gec_to_iso[gec] = iso
            continue
        hits = []
        for cand in (short_form(ent), long_form(ent)):
            if cand and key(cand) in index:
                hits.append(index[key(cand)])
        if not hits:
            left_out.append(f"{gec} {label}: no ISO 3166-1 code")
            continue
        if len(set(hits)) > 1:
            sys.exit(f"error: {gec} {label}: names match several ISO codes {sorted(set(hits))}")
        gec_to_iso[gec] = hits[0]
    # Two Factbook entities must not claim the same ISO code.
    by_iso: dict[str, list[str]] = defaultdict(list)
    for gec, iso in gec_to_iso.items():
        by_iso[iso].append(gec)
    clashes = {iso: g for iso, g in by_iso.items() if len(g) > 1}
    if clashes:
        sys.exit(f"error: several Factbook entities map to one ISO code: {clashes}")
    return gec_to_iso, left_out


def choose_country_name(iso: str, ent: dict | None, pc) -> tuple[str, bool]:
    """Return (name, from_a_source)."""
    if iso in NAME_OVERRIDE:
        name = NAME_OVERRIDE[iso]
        forms = set(pycountry_names(pc))
        if ent is not None:
            forms.update({short_form(ent), long_form(ent)})
        return name, name in forms
    if ent is not None:
        s = short_form(ent)
        if s:
            s = re.sub(r"^The\s+", "", s)
            s = PAREN_RE.sub("", s).strip() if s.endswith(")") else s
            if s and "," not in s and "(" not in s:
                return s, True
    common = getattr(pc, "common_name", None)
    if common and "," not in common:
        return common, True
    if "," not in pc.name:
        return pc.name, True
    if ent is not None and long_form(ent):
        return long_form(ent), True
    sys.exit(f"error: no clean name for {iso}; add it to NAME_OVERRIDE")


def build_countries(ents, gec_to_iso, overlay_rows, report) -> dict[str, Row]:
    iso_to_gec = {iso: gec for gec, iso in gec_to_iso.items()}
    excluded_iso = set()
    for gec in NOT_COUNTRY:
        ent = ents.get(gec)
        if ent:
            idx = pycountry_index()
            for cand in (short_form(ent), long_form(ent)):
                if cand and key(cand) in idx:
                    excluded_iso.add(idx[key(cand)])
    rows: dict[str, Row] = {}
    pycountry_only = []
    for pc in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        iso = pc.alpha_2
        if iso in excluded_iso:
            continue
        gec = iso_to_gec.get(iso)
        ent = ents.get(gec) if gec else None
        name, from_source = choose_country_name(iso, ent, pc)
        row = Row(f"place:country:{iso}", name, "country", iso, f"gec={gec}" if gec else "")
        row.sources.add("pycountry")
        if not from_source:
            row.sources.add("curated")
        # Forms offered by each source; the canonical name is dropped from aliases in add_alias.
        offered: list[tuple[str, str]] = []
        if ent is not None:
            row.sources.add("factbook")
            sf = short_form(ent)
            if ODD_SHORT_FORMS.get(gec) == sf:
                sf = ""
            if sf:
                # "Falkland Islands (Islas Malvinas)", "Holy See (Vatican City)": the bracketed
                # name is an alternative; "Svalbard (sometimes referred to ...)" is not.
                m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", sf)
                if m:
                    offered.append((m.group(1).strip(), "factbook"))
                    if is_clean_name(m.group(2), 4):
                        offered.append((m.group(2).strip(), "factbook"))
                else:
                    offered.append((re.sub(r"^The\s+", "", sf), "factbook"))
            lf = long_form(ent)
            if lf:
                offered.append((re.sub(r"^The\s+", "", lf), "factbook"))
            for ab in abbreviations(ent):
                offered.append((ab, "factbook"))
            if gec in LOCAL_SHORT_FORM_GEC:
                loc = country_name_field(ent, "local short form")
                if loc:
                    offered.append((loc, "factbook"))
        else:
            pycountry_only.append(f"{iso} {name}")
        for n in pycountry_names(pc):
            offered.append((re.sub(r"^the\s+", "", n, flags=re.IGNORECASE), "pycountry"))
        for a, tag in offered:
            if a == name:
                continue
            if acceptable_country_alias(a):
                row.add_alias(a, tag)
            elif a in ALIAS_STOPLIST:
                report["stoplisted aliases"].append(f"{iso}: {a} ({ALIAS_STOPLIST[a]})")
        rows[iso] = row
    # Curated overlay.
    for o in overlay_rows:
        iso = o["country"]
        if iso not in rows:
            sys.exit(f"error: overlay_countries.tsv: unknown country {iso}")
        if o["source"] != "curated":
            sys.exit(f"error: overlay_countries.tsv: source must be 'curated', got {o['source']!r}")
        row = rows[iso]
        if o["alias"] == row.name or o["alias"] in row.aliases:
            report["overlay rows already covered by a source"].append(f"{iso}: {o['alias']}")
        row.add_alias(o["alias"], "curated")
        row.sources.add("curated")
    # ASCII folds of names and aliases (Türkiye -> Turkiye, Côte d'Ivoire -> Cote d'Ivoire).
    for row in rows.values():
        for form in [row.name] + sorted(row.aliases):
            f = fold(form)
            if f and f != form and f != row.name and acceptable_country_alias(f):
                tags = row.aliases.get(form, row.sources - {"curated"} or {"pycountry"})
                for t in sorted(tags):
                    row.add_alias(f, t)
    report["ISO countries with no Factbook entity (pycountry only)"] = pycountry_only
    return rows


# ---------------------------------------------------------------------------
# Capitals
# ---------------------------------------------------------------------------


def parse_capital_field(text: str) -> list[tuple[str, list[str]]]:
    s = drop_note(text)
    if is_none(s) or s.lower().startswith("no official capital"):
        return []
    out = []
    for part in split_top_level(s, ";,"):
        m = re.fullmatch(r"([^()]+?)\s*(?:\(([^()]*)\))?", part)
        if not m:
            continue
        name, paren = m.group(1).strip(), (m.group(2) or "").strip()
        if not is_clean_name(name, 5):
            continue
        aliases = []
        if paren:
            for alt in re.split(r"[,/]", paren):
                alt = re.sub(r"^(aka|also)\s+", "", alt.strip())
                if is_clean_name(alt, 4):
                    aliases.append(alt)
        out.append((name, aliases))
    return out


FORMER_ITEM_RE = re.compile(
    r"([A-Z][\w'\u2019-]*(?:[ -][A-Z][\w'\u2019-]*)*)(?:\s*\(([A-Z][\w'\u2019-]*)\))?\s+in\s+\d{4}")


def former_capital_names(note: str) -> list[str]:
    """'... became Akmolinsk in 1832, Tselinograd in 1961, Akmola (Aqmola) in 1992 ...'."""
    out = []
    for m in re.finditer(r"\b(?:became|renamed(?: to| as)?)\s+([^;]+)", note):
        seg = m.group(1)
        if not seg[:1].isupper():
            continue
        pos = 0
        while True:
            im = FORMER_ITEM_RE.match(seg, pos)
            if not im:
                break
            out.append(im.group(1))
            if im.group(2):
                out.append(im.group(2))
            nxt = re.match(r",?\s*(?:and\s+)?", seg[im.end():])
            pos = im.end() + (nxt.end() if nxt else 0)
    return out


def build_capitals(ents, gec_to_iso, countries: dict[str, Row], report) -> list[Row]:
    country_forms: dict[str, str] = {}
    for iso, row in countries.items():
        for f in [row.name, *row.aliases]:
            country_forms[f] = iso
    rows = []
    for gec in sorted(ents):
        ent = ents[gec]
        cap = (ent.get("Government") or {}).get("Capital") or {}
        raw = text_of(cap.get("name"))
        if gec not in gec_to_iso:
            if raw:
                report["capitals of entities left out"].append(f"{gec}: {raw}")
            continue
        iso = gec_to_iso[gec]
        if gec in CAPITAL_FIX:
            parsed = CAPITAL_FIX[gec]
        else:
            parsed = parse_capital_field(raw)
            if raw and not parsed:
                report["capital fields with no clean name"].append(f"{iso}: {raw}")
        former = former_capital_names(text_of(cap.get("note")))
        for i, (name, aliases) in enumerate(parsed):
            if name in country_forms:
                report["capitals skipped because the name is a country name"].append(
                    f"{iso}: {name}")
                continue
            row = Row(f"place:city:{iso}:{slug(name)}", name, "city", iso,
                      f"gec={gec};capital={'primary' if i == 0 else 'other'}")
            row.sources.add("factbook")
            for a in aliases:
                row.add_alias(a, "factbook")
            if i == 0:
                for a in former:
                    row.add_alias(a, "factbook")
            for form in [row.name] + sorted(row.aliases):
                f = fold(form)
                if f and f != form and f not in ALIAS_STOPLIST:
                    row.add_alias(f, "factbook")
                elif f in ALIAS_STOPLIST:
                    report["stoplisted aliases"].append(f"{iso}: {f} ({ALIAS_STOPLIST[f]})")
            rows.append(row)
    return rows


def resolve_alias_conflicts(rows: list[Row], report) -> None:
    """An alias that points at two countries is dropped from every row that has it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for f in [r.name, *r.aliases]:
            owners[f].add(r.country)
    for form in sorted(f for f, c in owners.items() if len(c) > 1):
        countries = ",".join(sorted(owners[form]))
        dropped = False
        for r in rows:
            if form in r.aliases:
                del r.aliases[form]
                dropped = True
        names = sorted(r.id for r in rows if r.name == form)
        if dropped:
            report["aliases dropped: same form for two countries"].append(f"{form} ({countries})")
        if names:
            report["names shared by two countries (kept)"].append(f"{form}: {', '.join(names)}")


# ---------------------------------------------------------------------------
# Demonyms
# ---------------------------------------------------------------------------


def expand_demonym(token: str) -> list[str]:
    """'Kazakhstani(s)' -> Kazakhstani, Kazakhstanis; 'Irishman(men)' -> Irishman, Irishmen."""
    token = token.strip()
    m = re.fullmatch(r"(.+?)\s*\((s|es|men|women)\)", token)
    if not m:
        return [token]
    base, suf = m.group(1).strip(), m.group(2)
    if suf in ("s", "es"):
        return [base, base + suf]
    stem = re.sub(r"(wo)?man$", "", base)
    if stem == base:
        return [base]
    return [base, stem + suf]


def parse_demonym_field(text: str) -> list[str]:
    s = drop_note(text)
    if is_none(s):
        return []
    out = []
    # "(or Taiwanese)" holds an alternative; other brackets are qualifiers and are removed,
    # except the plural markers handled by expand_demonym.
    s = re.sub(r"\(or ([^()]+)\)", r"; \1", s)
    s = re.sub(r"\((?!s\)|es\)|men\)|women\))[^()]*\)", "", s)
    for part in re.split(r"\s*(?:;|,|/|\bor\b)\s*", s):
        part = re.sub(r"\s+", " ", part).strip()
        if not part:
            continue
        for form in expand_demonym(part):
            form = form.strip()
            if is_none(form) or not is_clean_name(form, 5):
                continue
            out.append(form)
    return out


def build_demonyms(ents, gec_to_iso, countries: dict[str, Row], overlay_rows, report):
    cand: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for gec in sorted(ents):
        ent = ents[gec]
        nat = (ent.get("People and Society") or {}).get("Nationality") or {}
        forms = []
        for field in ("noun", "adjective"):
            forms += parse_demonym_field(text_of(nat.get(field)))
        former = former_ssr_adjectives(ent)
        if gec not in gec_to_iso:
            if forms or former:
                report["demonyms of entities left out"].append(
                    f"{gec}: {', '.join(sorted(set(forms + former)))}")
            continue
        iso = gec_to_iso[gec]
        for f in forms:
            cand[f][iso].add("factbook")
        for f in former:
            cand[f][iso].add("factbook-former")
    curated: dict[str, str] = {}
    for o in overlay_rows:
        if o["country"] not in countries:
            sys.exit(f"error: overlay_demonyms.tsv: unknown country {o['country']}")
        if o["source"] != "curated":
            sys.exit(f"error: overlay_demonyms.tsv: source must be 'curated', got {o['source']!r}")
        if o["name"] in curated and curated[o["name"]] != o["country"]:
            sys.exit(f"error: overlay_demonyms.tsv: {o['name']} given two countries")
        curated[o["name"]] = o["country"]
        cand[o["name"]][o["country"]].add("curated")
    country_forms = set()
    for row in countries.values():
        country_forms.add(row.name)
        country_forms.update(row.aliases)
    country_forms.update(ALIAS_STOPLIST)  # e.g. "Congo" is a country name even if not an alias
    for pc in pycountry.countries:
        country_forms.update(pycountry_names(pc))
    out = []
    for name in sorted(cand, key=lambda n: (n.casefold(), n)):
        by_country = cand[name]
        if name in country_forms:
            report["demonyms dropped: equal to a country name"].append(
                f"{name} ({','.join(sorted(by_country))})")
            continue
        if len(name) < 4:
            report["demonyms dropped: shorter than 4 characters"].append(
                f"{name} ({','.join(sorted(by_country))})")
            continue
        if name in curated:
            iso = curated[name]
            if len(by_country) > 1:
                report["ambiguous demonyms resolved by the curated overlay"].append(
                    f"{name}: {','.join(sorted(by_country))} -> {iso}")
        elif len(by_country) > 1:
            report["demonyms dropped: ambiguous"].append(
                f"{name} ({','.join(sorted(by_country))})")
            continue
        else:
            iso = next(iter(by_country))
        if "curated" in by_country[iso] and len(by_country[iso]) > 1 and len(by_country) == 1:
            report["overlay rows already covered by a source"].append(f"demonym {name}: {iso}")
        out.append([name, iso, sort_sources(by_country[iso])])
    return out


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def check_cells(path: Path, rows: list[list[str]], ncols: int, required: list[int]) -> None:
    for r in rows:
        if len(r) != ncols:
            sys.exit(f"error: {path.name}: wrong column count in {r!r}")
        for c in r:
            if "\t" in c or "\n" in c or "\r" in c or c != c.strip():
                sys.exit(f"error: {path.name}: bad cell {c!r} in {r!r}")
        for i in required:
            if not r[i]:
                sys.exit(f"error: {path.name}: empty required cell {i} in {r!r}")


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> bytes:
    body = "\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    data = body.encode("utf-8")
    path.write_bytes(data)
    return data


def main() -> None:
    check_pycountry()
    ents = load_factbook()
    report: dict[str, list[str]] = defaultdict(list)

    index = pycountry_index()
    gec_to_iso, left_out = map_entities(ents, index)
    report["Factbook entities left out of the country list"] = left_out

    overlay_c = read_tsv(OVERLAY_COUNTRIES, ["country", "alias", "source"])
    overlay_d = read_tsv(OVERLAY_DEMONYMS, DEMONYMS_HEADER)

    countries = build_countries(ents, gec_to_iso, overlay_c, report)
    capitals = build_capitals(ents, gec_to_iso, countries, report)
    all_rows = list(countries.values()) + capitals
    resolve_alias_conflicts(all_rows, report)

    for r in all_rows:
        for a in r.aliases:
            if "|" in a:
                sys.exit(f"error: alias {a!r} of {r.id} contains '|'")
    place_rows = sorted((r.cells() for r in all_rows), key=lambda c: c[0])
    ids = [r[0] for r in place_rows]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        sys.exit(f"error: duplicate ids {dup}")
    check_cells(PLACES_OUT, place_rows, len(PLACES_HEADER), [0, 1, 3, 4, 5, 7])

    demonym_rows = build_demonyms(ents, gec_to_iso, countries, overlay_d, report)
    check_cells(DEMONYMS_OUT, demonym_rows, len(DEMONYMS_HEADER), [0, 1, 2])

    outputs = [
        (PLACES_OUT, write_tsv(PLACES_OUT, PLACES_HEADER, place_rows), len(place_rows)),
        (DEMONYMS_OUT, write_tsv(DEMONYMS_OUT, DEMONYMS_HEADER, demonym_rows), len(demonym_rows)),
    ]
    manifest = [[p.name, str(n), hashlib.sha256(d).hexdigest()]
                for p, d, n in sorted(outputs, key=lambda o: o[0].name)]
    write_tsv(MANIFEST_OUT, ["file", "rows", "sha256"], manifest)

    # Report (stdout only; not part of the outputs).
    for title in sorted(report):
        items = report[title]
        print(f"== {title}: {len(items)}")
        for it in sorted(set(items)):
            print(f"   {it}")
    n_country = sum(1 for r in place_rows if r[4] == "country")
    n_city = sum(1 for r in place_rows if r[4] == "city")
    print(f"== wrote {PLACES_OUT.relative_to(REPO_ROOT)}: {len(place_rows)} rows "
          f"({n_country} countries, {n_city} capitals)")
    print(f"== wrote {DEMONYMS_OUT.relative_to(REPO_ROOT)}: {len(demonym_rows)} rows")
    print(f"== wrote {MANIFEST_OUT.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
