#!/usr/bin/env bash
# scripts/bench.sh - dealx and its peers on the same input, in one run, as the
# table of issue #9 (throughput), plus the figures the issue's targets name:
# start-up on one small article and peak memory on the 100 MB and 1 GB corpora.
#
#   scripts/bench.sh                      # full run (100 MB; about half an hour on 2 cores)
#   QUICK=1 scripts/bench.sh              # short run (10 MB corpus, fewer peers)
#   DEALX=path/to/dealx scripts/bench.sh  # measure that binary instead of building one
#
# It builds `cargo build --release` (unless DEALX is set), runs
# ../shared/bench/run_peers.sh with DEALX set (every peer and dealx, 1 and 2
# threads, paired runs; every knob of run_peers.sh passes through: QUICK, MB,
# RUNS, ONLY, SKIP, ...), then:
#   - start-up: `dealx extract` on the smallest article of corpus/, wall time
#     median of STARTUP_RUNS (default 11) runs, and its peak RSS;
#   - peak RSS of `dealx extract --threads 2` on the main corpus and, when the
#     file BIG (default /tmp/dump1g.jsonl) exists, on it (GNU time -v);
# and prints the issue's table (peers, dealx's rows, ratios) and the targets.
# Everything goes to stdout and to <run_peers result dir>/issue9.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${BENCH_DIR:-$ROOT/../shared/bench}"
DATA="${DEALX_BENCH_DATA:-/tmp/dealx-bench}"
BIG="${BIG:-/tmp/dump1g.jsonl}"
STARTUP_RUNS="${STARTUP_RUNS:-11}"
[ -x "$BENCH/run_peers.sh" ] || { echo "bench.sh: no $BENCH/run_peers.sh (set BENCH_DIR)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

if [ -z "${DEALX:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
  DEALX="${CARGO_TARGET_DIR:-$ROOT/target}/release/dealx"
fi
DEALX="$(cd "$(dirname "$DEALX")" && pwd)/$(basename "$DEALX")"
export DEALX

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
"$BENCH/run_peers.sh" 2> >(tee "$LOG" >&2)
RES="$(sed -n 's/^figures: \([^ ]*\) .*/\1/p' "$LOG" | tail -1)"
[ -n "$RES" ] && [ -f "$RES/results.tsv" ] || { echo "bench.sh: run_peers.sh left no results" >&2; exit 1; }
TSV="$RES/results.tsv"
if [ "${QUICK:-0}" = 1 ]; then MB="${MB:-10}"; else MB="${MB:-100}"; fi
CJ="$DATA/corpus-$(printf '%s' "$MB" | sed 's/\./p/')mb.jsonl"

# ---------------------------------------------------- start-up and memory
median() { sort -n | awk '{v[NR]=$1} END{ if (NR) print v[int((NR+1)/2)] }'; }
SMALL="$(ls -S "$ROOT"/corpus/*.txt | tail -1)"
echo "== start-up: $DEALX extract $(basename "$SMALL") ($(wc -c < "$SMALL") bytes), $STARTUP_RUNS runs" >&2
: > "$LOG"
for _ in $(seq "$STARTUP_RUNS"); do
  /usr/bin/time -f '%e %M' -a -o "$LOG" "$DEALX" extract "$SMALL" > /dev/null
done
START_S="$(awk '{print $1}' "$LOG" | median)"; START_KB="$(awk '{print $2}' "$LOG" | median)"
rss() {  # peak RSS (MiB) and wall (s) of dealx extract --threads 2 on $1
  /usr/bin/time -f '%M %e' -o "$LOG" "$DEALX" extract --threads 2 ${DEALX_ARGS:-} "$1" > /dev/null
  awk '{printf "%.1f %s\n", $1/1024, $2}' "$LOG"
}
echo "== peak RSS on $(basename "$CJ")" >&2
read -r RSS_MAIN WALL_MAIN < <(rss "$CJ")
RSS_BIG=""; WALL_BIG=""; BIG_MB=""
if [ -f "$BIG" ]; then
  echo "== peak RSS on $BIG" >&2
  read -r RSS_BIG WALL_BIG < <(rss "$BIG")
  BIG_MB="$(du -m "$BIG" | cut -f1)"
fi

# ------------------------------------------------------------------ table
fig() { awk -F'\t' -v n="$1" '$1==n {v=$4} END{print v}' "$TSV"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a > 0 && b > 0) printf (a/b < 1 ? "%.2f×" : "%.1f×"), a/b; else printf "—" }'; }
D1="$(fig dealx-1thr)"; D2="$(fig dealx-2thr)"
SCALE="$(awk -F'\t' '$1=="dealx" {print $5}' "$RES/scaling.tsv")"
{
  echo "# dealx against its peers (issue #9) — $(basename "$RES")"
  echo
  echo "Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); $(nproc) cores; load at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Full figures: $RES/table.md. MB/s = MB of article text / median whole-process wall (start-up included)."
  echo
  echo "| pipeline (same job: sentences, gazetteer, money, dates, JSONL) | MB/s, 1 process | 2 processes | dealx 1 thread ÷ | dealx 2 threads ÷ |"
  echo "|---|---:|---:|---:|---:|"
  peer() {  # label one-process-name two-process-name
    local a b; a="$(fig "$2")"; b="$( [ -n "$3" ] && fig "$3" || true)"
    [ -n "$a$b" ] || return 0
    echo "| $1 | ${a:-—} | ${b:-—} | $(ratio "$D1" "$a") | $(ratio "$D2" "${b:-$a}") |"
  }
  peer "spaCy 3.8 rule pipeline, nlp.pipe (sentencizer + EntityRuler + regex)" spacy-pipe-1proc spacy-pipe-2proc
  peer "spaCy 3.8 rule pipeline, forked pool" spacy-pool-1proc spacy-pool-2proc
  peer "pySBD + regex pipeline" py_pysbd-1proc py_pysbd-2proc
  peer "Python flashtext + regex pipeline" py_flashtext-1proc py_flashtext-2proc
  peer "Python pyahocorasick + regex pipeline" py_aho-1proc py_aho-2proc
  peer "ripgrep $(rg --version | sed -n '1s/ripgrep //p' | cut -d' ' -f1), every gazetteer name (\`rg -F -c -f\`)" rg-gaz-c ""
  peer "ripgrep, every gazetteer name, current (\`rg -F -c -f\`)" rgnew-gaz-c ""
  peer "ripgrep, money regex count" rg-money-count ""
  peer "ripgrep, money regex count, current" rgnew-money-count ""
  echo "| **dealx** (\`dealx extract --threads 1\|2\`) | **${D1:-—}** | **${D2:-—}** | | |"
  echo
  echo "## Targets"
  echo
  echo "| target | measured | met |"
  echo "|---|---|---|"
  ok() { awk "BEGIN{ print (($1) ? \"yes\" : \"**no**\") }"; }
  echo "| 1 thread ≥ 50 MB/s on $(basename "$CJ") | ${D1:-—} MB/s | $(ok "${D1:-0} >= 50") |"
  echo "| 2 threads ≥ 1.8× 1 thread (paired runs) | ${SCALE:-—}× | $(ok "${SCALE:-0} >= 1.8") |"
  echo "| peak RSS ≤ 200 MB on $(basename "$CJ") (2 threads) | $RSS_MAIN MiB (wall ${WALL_MAIN} s) | $(ok "$RSS_MAIN * 1.048576 <= 200") |"
  if [ -n "$RSS_BIG" ]; then
    echo "| peak RSS on $(basename "$BIG") ($BIG_MB MiB) within ±10% of the above | $RSS_BIG MiB (wall ${WALL_BIG} s) | $(ok "$RSS_BIG <= $RSS_MAIN * 1.1 && $RSS_BIG >= $RSS_MAIN * 0.9") |"
  else
    echo "| peak RSS on a 1 GB corpus | not measured ($BIG missing) | — |"
  fi
  echo "| one small article ≤ 100 ms wall ($(basename "$SMALL")) | $(awk -v s="$START_S" 'BEGIN{printf "%.0f", s*1000}') ms, peak $(awk -v k="$START_KB" 'BEGIN{printf "%.1f", k/1024}') MiB (median of $STARTUP_RUNS) | $(ok "$START_S <= 0.1") |"
} > "$RES/issue9.md"
cat "$RES/table.md"
echo
cat "$RES/issue9.md"
