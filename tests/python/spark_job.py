"""The Spark example (examples/spark/dealx_spark.py), submitted with
spark-submit --master local[2] --files dealx, over a JSON Lines dump of the
corpus: its records must be exactly those of `dealx extract`."""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

from common import CORPUS, ROOT, dealx, run_dealx, write_dump

JOB = ROOT / "examples" / "spark" / "dealx_spark.py"
BAD_LINE = '{"id": "broken", "text": 42}'


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        dump = tmp / "dump.jsonl"
        write_dump(dump, extra_lines=[BAD_LINE])
        out_dir = tmp / "records"
        spark_submit = pathlib.Path(sys.executable).parent / "spark-submit"
        env = dict(os.environ)
        env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        env["PYSPARK_PYTHON"] = sys.executable
        env["PYSPARK_DRIVER_PYTHON"] = sys.executable
        command = [
            str(spark_submit),
            "--master", "local[2]",
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.driver.host=127.0.0.1",
            "--files", dealx(),
            str(JOB),
            str(dump),
            str(out_dir),
            "--dealx", os.path.basename(dealx()),
            "--partitions", "3",
        ]
        proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.decode(errors="replace")[-6000:])
            raise AssertionError(f"spark-submit exited {proc.returncode}")
        assert (out_dir / "_SUCCESS").exists(), "Spark wrote no _SUCCESS marker"
        parts = sorted(out_dir.glob("part-*"))
        nonempty = [p for p in parts if p.stat().st_size > 0]
        assert len(nonempty) >= 2, f"expected the dump spread over partitions: {parts}"
        spark_lines = []
        for part in parts:
            spark_lines += part.read_text(encoding="utf-8").splitlines()
        # Every record of the dump, the bad line's error record included, in
        # input order, byte for byte what dealx writes for the same dump...
        expected = run_dealx("extract", str(dump), ok_status=(1,)).splitlines()

    # ...but for where an error was found: a partition is dealx's stdin, so
    # the error record's `source` names its line there, not in the dump.
    got = [without_error_source(line) for line in spark_lines]
    want = [without_error_source(line) for line in expected]
    assert got == want, diff(got, want)
    assert json.loads(spark_lines[-1])["error"]["source"].startswith("<stdin>:")
    # And the articles' records are byte for byte those of `dealx extract corpus/`.
    corpus = run_dealx("extract", str(CORPUS)).splitlines()
    assert len(corpus) == 5
    assert spark_lines[: len(corpus)] == corpus, diff(spark_lines, corpus)
    assert json.loads(spark_lines[-1])["id"] == "broken", spark_lines[-1]
    print(f"spark: {len(spark_lines)} records from {len(nonempty)} partitions equal dealx extract's")


def without_error_source(line):
    """An error record without its `source`; any other line as it is."""
    record = json.loads(line)
    if "error" in record:
        record["error"].pop("source")
        return json.dumps(record, sort_keys=True)
    return line


def diff(got, want):
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return f"line {i} differs:\n spark: {a[:300]}\n dealx: {b[:300]}"
    return f"{len(got)} lines from Spark, {len(want)} expected"


if __name__ == "__main__":
    main()
