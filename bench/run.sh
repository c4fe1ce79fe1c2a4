#!/usr/bin/env bash
# Benchmark: saksdok against what an office could script around Typst, over
# the same synthetic one-page letters (the same Typst sources and fonts).
#
#   bench/run.sh [N]            N letters for saksdok (default 1000)
#
# 1. `saksdok bench` renders N synthetic fictional cases through the whole
#    batch pipeline with 1 job and with the default number of jobs.
# 2. The Typst sources of the first M=min(N,300) letters are written with
#    `saksdok render --format typ`, beside a copy of the templates.
# 3. If a `typst` CLI is on the PATH: a shell loop of `typst compile`, one
#    process per letter (PDF/A-2a + PDF/UA-1, the bundled fonts only).
# 4. If the `typst` Python package is installed: a loop that keeps one
#    `typst.Compiler` alive and rewrites its main file between letters.
# Prints ms per letter for each and the ratios. Nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
M=$(( N < 300 ? N : 300 ))
cargo build --release --quiet
BIN=./target/release/saksdok
WORK="$(mktemp -d "${TMPDIR:-/tmp}/saksdok-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo

# Each timed part starts with the disk quiet: written-back pages from the
# previous part would otherwise be charged to the next one.
settle() { sync; sleep 2; }

run_bench() {
  # $1: jobs, $2: run number. A fresh folder per run: deleting a previous
  # run's thousand letters would load the disk during this one.
  settle
  /usr/bin/time -f "  max RSS (time -v)  %M KiB" "$BIN" bench -n "$N" -j "$1" --dir "$WORK/sb-$1-$2" 2>&1 \
    | grep -v -e '^batch:' -e 'cases in' -e 'output in'
}
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
JOBS=$(nproc)
for j in 1 "$JOBS"; do
  echo "== saksdok bench, $j job(s), three runs"
  runs=()
  for r in 1 2 3; do
    out=$(run_bench "$j" "$r"); echo "$out"
    runs+=("$(echo "$out" | awk '/ms\/letter/ {print $2}')")
  done
  med=$(median3 "${runs[@]}")
  echo "  median ms/letter: $med ($(awk "BEGIN {printf \"%.0f\", 1000 / $med}") letters/s)"
  if [ "$j" = 1 ]; then ms1=$med; else msn=$med; fi
done
SB="$WORK/sb-$JOBS-1"

# The same letters as Typst sources, with the templates beside them.
mkdir -p "$WORK/typ" "$WORK/root"
cp -r templates/. "$WORK/root/"
"$BIN" render $(ls "$SB"/saker/sak-*.yaml | head -n "$M") -d folgebrev -f typ -o "$WORK/typ" -q
cp "$BIN" "$WORK/saksdok"

echo
echo "== saksdok render, one cold process per letter ($M letters)"
mkdir -p "$WORK/cold"
settle
start=$(date +%s.%N)
for f in $(ls "$SB"/saker/sak-*.yaml | head -n "$M"); do
  "$BIN" render "$f" -d folgebrev -o "$WORK/cold" -q
done
end=$(date +%s.%N)
mscold=$(awk "BEGIN {print ($end - $start) * 1000 / $M}")
printf "  ms/letter      %.3f\n" "$mscold"

mscli=""
if command -v typst >/dev/null 2>&1; then
  echo
  echo "== typst CLI loop: $(typst --version) ($M letters)"
  mkdir -p "$WORK/cli"
  settle
  start=$(date +%s.%N)
  for f in "$WORK"/typ/*.typ; do
    cp "$f" "$WORK/root/folgebrev.typ"
    typst compile --root "$WORK/root" --font-path fonts --ignore-system-fonts \
      --pdf-standard a-2a,ua-1 "$WORK/root/folgebrev.typ" "$WORK/cli/$(basename "$f" .typ).pdf"
  done
  end=$(date +%s.%N)
  mscli=$(awk "BEGIN {print ($end - $start) * 1000 / $M}")
  printf "  ms/letter      %.3f\n" "$mscli"
else
  echo; echo "== typst CLI: not on the PATH, skipped"
fi

mspy=""
if python3 -c 'import typst' >/dev/null 2>&1; then
  echo
  echo "== typst-py: one Compiler, main file rewritten per letter ($M letters)"
  settle
  mspy=$(python3 bench/typst_py_loop.py "$WORK/root" "$WORK/typ" fonts)
  echo "$mspy" | sed 's/^/  /'
  mspy=$(echo "$mspy" | awk '/ms\/letter/ {print $2}')
else
  echo; echo "== typst-py: the typst Python package is not installed, skipped (pip install typst)"
fi

echo
echo "== ratios (higher is better for saksdok)"
[ -n "$mscli" ] && printf "  typst CLI loop / saksdok %s jobs     %.1fx\n" "$JOBS" "$(awk "BEGIN {print $mscli / $msn}")"
[ -n "$mspy" ] && printf "  typst-py Compiler / saksdok %s jobs  %.2fx\n" "$JOBS" "$(awk "BEGIN {print $mspy / $msn}")"
[ -n "$mspy" ] && printf "  typst-py Compiler / saksdok 1 job   %.2fx\n" "$(awk "BEGIN {print $mspy / $ms1}")"
[ -n "$mscli" ] && printf "  typst CLI (one letter) / saksdok render (one letter, cold)  %.2fx\n" "$(awk "BEGIN {print $mscli / $mscold}")"
exit 0
