#!/usr/bin/env python3
"""Writes a large JSON Lines dump of the corpus articles with about 1% of its
lines damaged, and the counts `dealx extract` must report for it.

    scripts/bad_dump.py OUT.jsonl [--size-mb 1024] [--seed 1] [--bad-percent 1]

Each line is a corpus article (`corpus/*.txt`, id `<stem>-<n>`). About
`--bad-percent` of the lines are replaced by one of these, in turn:

    truncated      the line cut in the middle            -> error malformed_json
    garbage        binary bytes with NULs                -> error malformed_json
    no_text        {"id": ...} without "text"             -> error missing_text
    numeric_id     "id" is a number                       -> error bad_id
    bad_published  "published": "yesterday"              -> error bad_published
    bad_utf8       invalid bytes inside the text          -> record, warning invalid_utf8
    empty_text     "text": ""                             -> record, warning empty_text
    duplicate_id   the id of an earlier line              -> record, warning duplicate_id

and three lines of 20 MB (over the default --max-doc-bytes of 16 MiB) are
added, each an error record of kind too_large. The expected counts go to
OUT.expected.json, for comparison with dealx's summary line.
"""

import argparse
import glob
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KINDS = [
    "truncated",
    "garbage",
    "no_text",
    "numeric_id",
    "bad_published",
    "bad_utf8",
    "empty_text",
    "duplicate_id",
]
ERROR_OF = {
    "truncated": "malformed_json",
    "garbage": "malformed_json",
    "no_text": "missing_text",
    "numeric_id": "bad_id",
    "bad_published": "bad_published",
}
WARNING_OF = {
    "bad_utf8": "invalid_utf8",
    "empty_text": "empty_text",
    "duplicate_id": "duplicate_id",
}
HUGE_LINES = 3
HUGE_BYTES = 20 << 20


def damaged(kind, doc_id, text, rng, first_id):
    """One damaged line (bytes, without the newline)."""
    good = json.dumps({"id": doc_id, "text": text}).encode()
    if kind == "truncated":
        return good[: rng.randrange(10, len(good) - 2)]
    if kind == "garbage":
        return bytes(rng.choice([b for b in range(256) if b != 10]) for _ in range(64)) + b"\x00\x00"
    if kind == "no_text":
        return json.dumps({"id": doc_id, "title": text[:40]}).encode()
    if kind == "numeric_id":
        return json.dumps({"id": rng.randrange(10**6), "text": text}).encode()
    if kind == "bad_published":
        return json.dumps({"id": doc_id, "text": text, "published": "yesterday"}).encode()
    if kind == "bad_utf8":
        # After a space inside the text, so no JSON escape is split.
        at = good.index(b" ", len(good) // 2)
        return good[: at + 1] + b"\xff\xfe\xc3" + good[at + 1 :]
    if kind == "empty_text":
        return json.dumps({"id": doc_id, "text": ""}).encode()
    if kind == "duplicate_id":
        return json.dumps({"id": first_id, "text": text}).encode()
    raise ValueError(kind)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad-percent", type=float, default=1.0)
    args = ap.parse_args()

    articles = []
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "*.txt"))):
        stem = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            articles.append((stem, f.read()))
    if not articles:
        sys.exit("no corpus/*.txt articles")

    rng = random.Random(args.seed)
    target = args.size_mb * 1_000_000
    huge_at = {int(target * f) for f in (0.25, 0.5, 0.75)}
    written = 0
    lines = 0
    kind_no = 0
    records = 0
    errors = {}
    warnings = {}
    first_id = None
    with open(args.out, "wb") as out:
        n = 0
        while written < target:
            stem, text = articles[n % len(articles)]
            doc_id = f"{stem}-{n}"
            n += 1
            if first_id is None:
                first_id = doc_id
                line = json.dumps({"id": doc_id, "text": text}).encode()
                records += 1
            elif rng.random() * 100 < args.bad_percent:
                kind = KINDS[kind_no % len(KINDS)]
                kind_no += 1
                line = damaged(kind, doc_id, text, rng, first_id)
                if kind in ERROR_OF:
                    errors[ERROR_OF[kind]] = errors.get(ERROR_OF[kind], 0) + 1
                else:
                    records += 1
                    w = WARNING_OF[kind]
                    warnings[w] = warnings.get(w, 0) + 1
            else:
                line = json.dumps({"id": doc_id, "text": text}).encode()
                records += 1
            out.write(line + b"\n")
            lines += 1
            written += len(line) + 1
            if huge_at and written >= min(huge_at):
                huge_at.discard(min(huge_at))
                body = ("Chile signed a deal. " * (HUGE_BYTES // 21 + 1))[:HUGE_BYTES]
                line = json.dumps({"id": f"huge-{n}", "text": body}).encode()
                out.write(line + b"\n")
                lines += 1
                written += len(line) + 1
                errors["too_large"] = errors.get("too_large", 0) + 1
    expected = {
        "documents": lines,
        "records": records,
        "error_records": sum(errors.values()),
        "errors_by_kind": dict(sorted(errors.items())),
        "warnings": sum(warnings.values()),
        "warnings_by_kind": dict(sorted(warnings.items())),
        "bytes": written,
    }
    with open(args.out + ".expected.json", "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    json.dump(expected, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
