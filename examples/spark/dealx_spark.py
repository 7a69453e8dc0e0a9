"""Extract deals from a JSON Lines dump on a Spark cluster with dealx.

Reads a dump of articles (one {"id", "text", "published"?} object per line,
any path Spark can read: local, HDFS, S3, a glob), splits it into partitions
across the executors, pipes each partition through the `dealx extract`
binary, and writes the records back as JSON Lines part files, one record per
line, in input order (part-00000, part-00001, ... concatenate to exactly what
`dealx extract dump.jsonl` writes).

    spark-submit --master yarn --files /path/to/dealx \
        dealx_spark.py hdfs:///dumps/news.jsonl hdfs:///out/records

See README.md beside this file.
"""

import argparse
import os
import subprocess
import sys
import threading

from pyspark import SparkFiles
from pyspark.sql import SparkSession

# dealx's exit status: 0 all documents read, 1 some could not be (each has an
# error record in the output, which is what we want to keep), 2 fatal.
ACCEPTED_STATUS = (0, 1)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="the JSON Lines dump (any Spark path or glob)")
    p.add_argument("output", help="directory for the records (must not exist)")
    p.add_argument(
        "--dealx",
        default="dealx",
        help="the dealx binary: the file name shipped with --files (default), "
        "or an absolute path that exists on every executor",
    )
    p.add_argument(
        "--partitions",
        type=int,
        default=None,
        help="at least this many partitions (default: Spark's own split of the input)",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="dealx threads per task (default 1: Spark already runs one task per core)",
    )
    p.add_argument(
        "--published",
        default=None,
        help="dealx --published: the reference date for articles without one",
    )
    p.add_argument(
        "--compress",
        action="store_true",
        help="write gzip-compressed part files",
    )
    return p.parse_args(argv)


def dealx_path(name):
    """The binary on this executor: an absolute path as given, else the copy
    Spark fetched for --files (made executable)."""
    if os.path.isabs(name):
        return name
    path = SparkFiles.get(os.path.basename(name))
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def extract_partition(lines, binary, extra_args):
    """Feeds one partition's lines to `dealx extract` and yields its output
    lines, streaming both ways (a feeder thread writes while this generator
    reads, so neither pipe fills up and memory stays bounded)."""
    command = [dealx_path(binary), "extract", *extra_args]
    # stderr is inherited: dealx's messages about bad documents land in the
    # executor's log.
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    failure = []

    def feed():
        try:
            for line in lines:
                proc.stdin.write(line.encode("utf-8"))
                proc.stdin.write(b"\n")
        except BaseException as e:  # reported after the reader finishes
            failure.append(e)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    feeder = threading.Thread(target=feed, name="dealx-feeder", daemon=True)
    feeder.start()
    for out in proc.stdout:
        yield out.decode("utf-8").rstrip("\n")
    feeder.join()
    status = proc.wait()
    if failure:
        raise RuntimeError(f"feeding {command[0]} failed") from failure[0]
    if status not in ACCEPTED_STATUS:
        raise RuntimeError(f"{' '.join(command)} exited with status {status}")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spark = SparkSession.builder.appName("dealx").getOrCreate()
    sc = spark.sparkContext
    extra = ["--threads", str(args.threads)]
    if args.published:
        extra += ["--published", args.published]
    # textFile keeps the input order: partition i holds the lines before
    # partition i+1's, and saveAsTextFile writes part i from partition i.
    # (repartition() would shuffle; minPartitions only splits.)
    if args.partitions:
        lines = sc.textFile(args.input, minPartitions=args.partitions)
    else:
        lines = sc.textFile(args.input)
    binary = args.dealx
    records = lines.mapPartitions(lambda part: extract_partition(part, binary, extra))
    codec = "org.apache.hadoop.io.compress.GzipCodec" if args.compress else None
    records.saveAsTextFile(args.output, compressionCodecClass=codec)
    spark.stop()


if __name__ == "__main__":
    main()
