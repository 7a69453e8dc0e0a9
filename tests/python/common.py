"""Shared helpers of the Python integration tests (run by tests/python.rs)."""

import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def dealx():
    """The dealx binary under test (tests/python.rs passes it)."""
    return os.environ["DEALX_BIN"]


def run_dealx(*args, stdin=None, ok_status=(0,)):
    """Runs dealx and returns its standard output as text."""
    proc = subprocess.run(
        [dealx(), *args],
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if proc.returncode not in ok_status:
        raise AssertionError(
            f"dealx {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()}"
        )
    return proc.stdout.decode("utf-8")


def write_dump(path, extra_lines=()):
    """Writes the corpus articles as a JSON Lines dump, one
    {"id": file stem, "text": contents} per line in file-name order, then
    `extra_lines` as they are."""
    with open(path, "w", encoding="utf-8") as f:
        for txt in sorted(CORPUS.glob("*.txt")):
            line = {"id": txt.stem, "text": txt.read_text(encoding="utf-8")}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
        for line in extra_lines:
            f.write(line + "\n")
