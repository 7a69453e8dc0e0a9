"""dealx output loads into DuckDB (read_json_auto, read_csv_auto) and pandas
(read_json(lines=True), read_csv) with the right column types: numbers are
numbers, dates are ISO 8601 strings (which DuckDB recognises as DATE)."""

import json
import pathlib
import re
import tempfile

import duckdb
import pandas as pd
from pandas.api import types as pdt

from common import CORPUS, run_dealx

ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
NUMERIC = {"BIGINT", "UBIGINT", "INTEGER", "UINTEGER", "DOUBLE", "HUGEINT", "SMALLINT", "TINYINT", "UTINYINT", "USMALLINT"}
INTEGER = NUMERIC - {"DOUBLE"}


def write(tmp, name, *args):
    path = tmp / name
    path.write_text(run_dealx("extract", str(CORPUS), *args), encoding="utf-8")
    return path


def field(name, types):
    """A regex for a struct field `name` (DuckDB quotes reserved words) of one of `types`."""
    return rf'(?:^|[(, ])"?{name}"? (?:{types})[,)]'


def duck_types(con, relation):
    return {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}


def check_duckdb(tmp, full, amounts_jsonl, amounts_json, amounts_csv, deals_csv, dates_csv):
    con = duckdb.connect()

    # Full records: nested lists of structs with numeric offsets and values.
    t = duck_types(con, f"read_json_auto('{full}')")
    assert t["id"] == "VARCHAR", t
    assert t["published"] == "DATE", t["published"]
    assert re.search(field("value", "BIGINT|DOUBLE"), t["amounts"]), t["amounts"]
    assert re.search(field("usd", "BIGINT|DOUBLE"), t["amounts"]), t["amounts"]
    assert re.search(field("start", "BIGINT|UBIGINT"), t["entities"]), t["entities"]
    assert re.search(field("sentence", "BIGINT|UBIGINT"), t["dates"]), t["dates"]
    # Date values come in several ISO forms (XXXX-05-23, 2040, 2019/2023):
    # strings, not DuckDB DATEs.
    assert re.search(field("value", "VARCHAR"), t["dates"]), t["dates"]
    n = con.execute(f"SELECT count(*) FROM read_json_auto('{full}')").fetchone()[0]
    assert n == len(list(CORPUS.glob("*.txt"))), n

    # Per-kind rows: flat columns, the same types from JSON Lines, a JSON
    # array and CSV.
    for relation in (
        f"read_json_auto('{amounts_jsonl}')",
        f"read_json_auto('{amounts_json}')",
        f"read_csv_auto('{amounts_csv}')",
    ):
        t = duck_types(con, relation)
        assert t["doc_id"] == "VARCHAR", (relation, t)
        assert t["value"] in NUMERIC, (relation, t)
        assert t["usd"] in NUMERIC, (relation, t)
        assert t["start"] in INTEGER and t["end"] in INTEGER, (relation, t)
        assert t["currency_assumed"] == "BOOLEAN", (relation, t)
        assert t["published"] == "DATE", (relation, t)
    totals = [
        con.execute(f"SELECT sum(usd), count(*) FROM {r}").fetchone()
        for r in (
            f"read_json_auto('{amounts_jsonl}')",
            f"read_json_auto('{amounts_json}')",
            f"read_csv_auto('{amounts_csv}')",
        )
    ]
    assert totals[0] == totals[1] == totals[2], totals
    t = duck_types(con, f"read_csv_auto('{deals_csv}')")
    assert t["amount_value"] in NUMERIC and t["sentence"] in INTEGER, t
    assert t["kind"] == "VARCHAR" and t["parties"] == "VARCHAR", t
    t = duck_types(con, f"read_csv_auto('{dates_csv}')")
    assert t["value"] == "VARCHAR", t
    return totals[0]


def check_pandas(full, amounts_jsonl, amounts_csv, dates_jsonl):
    df = pd.read_json(full, lines=True)
    assert pdt.is_object_dtype(df["id"]), df.dtypes
    published = df["published"].dropna()
    assert len(published) > 0 and all(isinstance(v, str) and ISO_DAY.match(v) for v in published), published
    amounts = pd.json_normalize(json.loads(full.read_text().splitlines()[0])["amounts"])
    assert pdt.is_numeric_dtype(amounts["value"]) and pdt.is_numeric_dtype(amounts["start"]), amounts.dtypes

    rows = pd.read_json(amounts_jsonl, lines=True)
    for column in ("value", "usd"):
        assert pdt.is_float_dtype(rows[column]) or pdt.is_integer_dtype(rows[column]), rows.dtypes
    for column in ("start", "end", "sentence", "index"):
        assert pdt.is_integer_dtype(rows[column]), (column, rows.dtypes)
    assert pdt.is_bool_dtype(rows["currency_assumed"]), rows.dtypes
    assert all(ISO_DAY.match(v) for v in rows["published"].dropna()), rows["published"]
    assert (rows["usd"].dropna() > 0).all()

    csv_rows = pd.read_csv(amounts_csv)
    assert pdt.is_numeric_dtype(csv_rows["value"]) and pdt.is_integer_dtype(csv_rows["start"]), csv_rows.dtypes
    assert list(csv_rows["doc_id"]) == list(rows["doc_id"])
    assert csv_rows["value"].tolist() == rows["value"].astype(float).tolist()

    dates = pd.read_json(dates_jsonl, lines=True)
    assert pdt.is_object_dtype(dates["value"]) and all(isinstance(v, str) for v in dates["value"]), dates.dtypes
    return float(rows["usd"].sum())


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        full = write(tmp, "records.jsonl")
        amounts_jsonl = write(tmp, "amounts.jsonl", "--records", "amounts")
        amounts_json = write(tmp, "amounts.json", "--records", "amounts", "--format", "json")
        amounts_csv = write(tmp, "amounts.csv", "--records", "amounts", "--format", "csv")
        deals_csv = write(tmp, "deals.csv", "--records", "deals", "--format", "csv")
        dates_csv = write(tmp, "dates.csv", "--records", "dates", "--format", "csv")
        dates_jsonl = write(tmp, "dates.jsonl", "--records", "dates")
        duck_usd, n = check_duckdb(tmp, full, amounts_jsonl, amounts_json, amounts_csv, deals_csv, dates_csv)
        pandas_usd = check_pandas(full, amounts_jsonl, amounts_csv, dates_jsonl)
        assert abs(duck_usd - pandas_usd) <= 1e-6 * max(1.0, abs(pandas_usd)), (duck_usd, pandas_usd)
        print(f"duckdb {duckdb.__version__} and pandas {pd.__version__}: column types right; {n} amounts, {pandas_usd:.0f} USD in all")


if __name__ == "__main__":
    main()
