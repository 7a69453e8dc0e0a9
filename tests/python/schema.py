"""Every record dealx writes for the corpus (and an error record) is valid
against `dealx schema`, by the reference Python validator for draft 2020-12
with format checking; and the schema does reject a wrong record."""

import copy
import json
from importlib.metadata import version

from jsonschema import Draft202012Validator

from common import CORPUS, run_dealx


def main():
    schema = json.loads(run_dealx("schema"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", schema["$schema"]
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    records = [json.loads(line) for line in run_dealx("extract", str(CORPUS)).splitlines()]
    assert len(records) == len(list(CORPUS.glob("*.txt")))
    bad_input = b'{"id": "x", "text": 7}\nnot json\n'
    errors = [json.loads(line) for line in run_dealx("extract", stdin=bad_input, ok_status=(1,)).splitlines()]
    assert len(errors) == 2 and all("error" in e for e in errors), errors
    for record in records + errors:
        problems = sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path))
        assert not problems, f"{record.get('id')}: " + "; ".join(
            f"{list(p.absolute_path)}: {p.message}" for p in problems[:5]
        )

    # The schema is not vacuous: each of these breaks the contract.
    with_amount = next(r for r in records if r["amounts"])
    with_date = next(r for r in records if r["dates"])
    broken = []
    r = copy.deepcopy(with_amount); r["amounts"][0]["value"] = str(r["amounts"][0]["value"]); broken.append(("value as a string", r))
    r = copy.deepcopy(with_date); r["dates"][0]["value"] = "23 May 2024"; broken.append(("date not ISO", r))
    r = copy.deepcopy(records[0]); r["published"] = "2024-02-30"; broken.append(("impossible day", r))
    r = copy.deepcopy(records[0]); del r["deals"]; broken.append(("missing key", r))
    r = copy.deepcopy(records[0]); r["surprise"] = 1; broken.append(("unknown key", r))
    r = copy.deepcopy(with_amount); r["amounts"][0]["start"] = -1; broken.append(("negative offset", r))
    for what, record in broken:
        assert not validator.is_valid(record), f"the schema accepts a record with {what}"
    print(f"schema: {len(records)} records and {len(errors)} error records valid; {len(broken)} broken ones rejected (jsonschema {version('jsonschema')})")


if __name__ == "__main__":
    main()
