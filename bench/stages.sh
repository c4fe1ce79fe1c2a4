#!/usr/bin/env bash
# Where a batch's time goes: samples `saksdok batch` over N synthetic letters
# with `perf record` (every process of it: worker processes too), once with
# 1 worker and once with all cores, and sums the samples by stage, from the
# function each sample was taken in (its crate and name). Needs perf
# (Debian: linux-perf). Prints one table per run: share of samples and
# CPU-milliseconds per letter.
#
#   bench/stages.sh [N]     N letters (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)"; exit 1; }
cargo build --release --quiet
BIN="$PWD/target/release/saksdok"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/saksdok-stages.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$BIN" bench -n "$N" --dir "$WORK/cases" >/dev/null

# A sample's stage, from `dso symbol`. The first pattern that matches wins.
classify='
function stage(dso, sym) {
  if (sym ~ /^<?(zlib_rs|flate2|miniz)/) return "PDF export: deflate (fonts, page content)";
  if (sym ~ /^<?(subsetter|skrifa|ttf_parser|read_fonts|font_types|krilla::text::cid)/) return "PDF export: font subsets";
  if (sym ~ /^<?(krilla|pdf_writer|typst_pdf|xmp_writer)/) return "PDF export: the rest";
  if (sym ~ /stream_ends/) return "PDF export: stream ends (saksdok)";
  if (sym ~ /^<?(sha2|digest)/) return "hashing (SHA-256)";
  if (sym ~ /^<?(serde_saphyr|granit|saphyr)/) return "YAML";
  if (sym ~ /^<?minijinja/) return "template (minijinja)";
  if (sym ~ /^<?(comemo|siphasher|typst_utils::hash)/) return "layout: memoization (comemo)";
  if (sym ~ /^<?(typst_eval|typst_syntax)/) return "layout: Typst evaluation";
  if (sym ~ /^<?(typst|rustybuzz|hypher|icu|unicode|citationberg|hayagriva|kurbo)/) return "layout: Typst layout";
  if (sym ~ /^<?(saksdok::case|saksdok::context|saksdok::norsk|saksdok::kind)/) return "validation and context (saksdok)";
  if (sym ~ /^<?saksdok/) return "saksdok, other";
  if (sym ~ /(malloc|free|realloc|_int_|^mi_|_mi_|unlink_chunk|consolidate|memset|memmove|memcpy|memcmp)/) return "allocator and memory copies";
  if (dso ~ /kernel/) return "kernel (files, pages, scheduling)";
  if (sym ~ /^<?(hashbrown|core::|alloc::|std::|ecow|indexmap|smallvec|bumpalo|rustc_hash|serde)/) return "Rust collections, clones, formatting";
  return "other";
}
{ n[stage($1, $2)] += $3; total += $3 }
END { for (s in n) printf "%6.1f%%\t%s\t%d\n", 100 * n[s] / total, s, n[s] }
'

for j in 1 "$(nproc)"; do
  out="$WORK/ut-$j"; mkdir -p "$out"; sync; sleep 1
  perf record -q -F 997 -o "$WORK/perf-$j.data" -- "$BIN" batch "$WORK/cases/saker" -d folgebrev -o "$out" -j "$j" -q >/dev/null 2>&1
  samples=$(perf report -i "$WORK/perf-$j.data" --stdio --sort dso 2>/dev/null | awk '/^# Samples/ {print $3}')
  echo "== $j worker(s), $N letters: $samples samples at 997 Hz, CPU time by stage"
  perf report -i "$WORK/perf-$j.data" --stdio --no-children --sort dso,sym -g none -F overhead,sample,dso,sym 2>/dev/null \
    | awk '/^ +[0-9.]+%/ { dso=$3; sym=""; for (i = 5; i <= NF; i++) { if ($i == "-") break; sym = sym (sym == "" ? "" : " ") $i }; print dso "\t" sym "\t" $2 }' \
    | awk -F'\t' "$classify" \
    | sort -rn \
    | awk -F'\t' -v n="$N" '{ printf "  %s  %-44s %5.2f ms/letter\n", substr($1, 1, 7), $2, $3 * 1000 / 997 / n }'
done
