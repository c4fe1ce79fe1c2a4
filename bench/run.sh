#!/usr/bin/env bash
# Benchmark: saksdok against what an office could script around Typst, like
# with like: the same synthetic one-page letters (the same Typst sources and
# fonts, PDF/A-2a + PDF/UA-1), the same number of cores, in one run.
#
#   bench/run.sh [N] [ROUNDS]     N letters (default 1000), ROUNDS rounds (3)
#
# For J = 1 and J = the number of cores, ROUNDS rounds each, interleaved:
#   - saksdok: the whole `saksdok batch` process with J workers, YAML case
#     files to PDF files on disk (manifest included), timed from outside;
#   - typst-py: J processes, each keeping one warm `typst.Compiler` and
#     compiling its share of the Typst sources saksdok generated for the
#     same cases, timed inside the loops (start-up and warm-up left out).
# With J = 1 both are pinned to one core (taskset), so that neither uses a
# second core for helper threads: core for core.
# Prints every round, the medians, the ratios per core count, the speed-up
# of the second worker, whether every PDF was byte-identical across all
# saksdok runs, and then, once each: the typst CLI loop (one process per
# letter, if `typst` is on the PATH), a cold `saksdok render` of one letter
# per process, and the peak memory of a 10,000-letter batch (whole process
# tree, sampled). Set SAKSDOK_BENCH_REFERENCE to a file of `sha256sum`
# lines (written by an earlier run as $WORK/pdf-hashes.txt and kept with
# SAKSDOK_BENCH_KEEP=1) to compare the bytes against an earlier build.
# Nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
ROUNDS="${2:-3}"
M=$(( N < 300 ? N : 300 ))
# SAKSDOK_BENCH_BIN: another build to measure (an earlier one, for a
# before-and-after in the same conditions).
if [ -n "${SAKSDOK_BENCH_BIN:-}" ]; then
  BIN="$(realpath "$SAKSDOK_BENCH_BIN")"
else
  cargo build --release --quiet
  BIN="$PWD/target/release/saksdok"
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/saksdok-bench.XXXXXX")"
if [ "${SAKSDOK_BENCH_KEEP:-}" = 1 ]; then
  echo "keeping $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
CORES=$(nproc)

echo "machine: $CORES cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "saksdok: $("$BIN" --version)"
python3 -c 'import typst, importlib.metadata as m; print("typst-py:", m.version("typst"))' 2>/dev/null || true
echo

# Each timed part starts with the disk quiet: written-back pages from the
# previous part would otherwise be charged to the next one. Nothing is
# deleted until the end: on ext4, creating files soon after thousands were
# deleted costs a scan past every recently freed inode (measured: a quarter
# of a batch's time), which would be charged to whichever run comes next.
settle() { sync; sleep 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms_per() { awk "BEGIN {printf \"%.3f\", ($2 - $1) * 1000 / $3}"; }

# The cases (and a profile), and their letters as Typst sources with the
# templates beside them, for typst-py.
"$BIN" bench -n "$N" -j "$CORES" --dir "$WORK/cases" >/dev/null
mkdir -p "$WORK/typ" "$WORK/root"
cp -r templates/. "$WORK/root/"
"$BIN" render "$WORK"/cases/saker/sak-*.yaml -d folgebrev -f typ -o "$WORK/typ" -q

have_py=0
python3 -c 'import typst' >/dev/null 2>&1 && have_py=1
[ "$have_py" = 1 ] || echo "typst-py: the typst Python package is not installed, skipped (pip install typst)"

saksdok_round() { # $1 jobs, $2 round; prints ms/letter, keeps the hashes
  local out="$WORK/sb-$1-$2" pin=() start end
  [ "$1" = 1 ] && pin=(taskset -c 0)
  mkdir -p "$out"
  settle
  start=$(date +%s.%N)
  "${pin[@]}" "$BIN" batch "$WORK/cases/saker" -d folgebrev -o "$out" -j "$1" -q >/dev/null 2>"$WORK/err.txt" \
    || { cat "$WORK/err.txt" >&2; exit 1; }
  end=$(date +%s.%N)
  (cd "$out" && find . -name '*.pdf' | sort | xargs sha256sum) > "$WORK/hashes-$1-$2.txt"
  ms_per "$start" "$end" "$N"
}
py_round() { # $1 processes, $2 round; prints ms/letter
  local pin=()
  [ "$1" = 1 ] && pin=(taskset -c 0)
  settle
  "${pin[@]}" python3 bench/typst_py_loop.py "$WORK/root" "$WORK/typ" "$PWD/fonts" "$WORK/py-$1-$2" "$1" \
    | awk '/ms\/letter/ {print $2}'
}

declare -A SB PY
for j in 1 "$CORES"; do
  sb=(); py=()
  echo "== $j core(s): saksdok batch -j $j against typst-py in $j process(es), $N letters"
  for r in $(seq "$ROUNDS"); do
    s=$(saksdok_round "$j" "$r"); sb+=("$s")
    line="  round $r: saksdok $s ms/letter"
    if [ "$have_py" = 1 ]; then
      p=$(py_round "$j" "$r"); py+=("$p")
      line="$line, typst-py $p ms/letter"
    fi
    echo "$line"
  done
  SB[$j]=$(median "${sb[@]}")
  echo "  median: saksdok ${SB[$j]} ms/letter ($(awk "BEGIN {printf \"%.0f\", 1000 / ${SB[$j]}}") letters/s)"
  if [ "$have_py" = 1 ]; then
    PY[$j]=$(median "${py[@]}")
    echo "  median: typst-py ${PY[$j]} ms/letter ($(awk "BEGIN {printf \"%.0f\", 1000 / ${PY[$j]}}") letters/s)"
  fi
done
[ "$CORES" = 1 ] && { echo "one core only: no second worker to measure"; }

echo
echo "== ratios (higher is better for saksdok)"
for j in 1 "$CORES"; do
  [ "$have_py" = 1 ] && printf "  %s core(s): typst-py / saksdok  %.2fx\n" "$j" "$(awk "BEGIN {print ${PY[$j]} / ${SB[$j]}}")"
done
if [ "$CORES" != 1 ]; then
  printf "  saksdok, %s workers / 1 worker: %.2fx\n" "$CORES" "$(awk "BEGIN {print ${SB[1]} / ${SB[$CORES]}}")"
  [ "$have_py" = 1 ] && printf "  typst-py, %s processes / 1 process: %.2fx\n" "$CORES" "$(awk "BEGIN {print ${PY[1]} / ${PY[$CORES]}}")"
fi

# The same bytes whatever the number of workers and the round.
sort "$WORK/hashes-1-1.txt" > "$WORK/pdf-hashes.txt"
same=1
for f in "$WORK"/hashes-*.txt; do cmp -s "$WORK/hashes-1-1.txt" "$f" || same=0; done
echo
echo "== bytes"
if [ "$same" = 1 ]; then
  echo "  every run wrote the same $(wc -l < "$WORK/pdf-hashes.txt") PDFs, byte for byte"
else
  echo "  DIFFERENT bytes between runs (see $WORK/hashes-*.txt)"
fi
if [ -n "${SAKSDOK_BENCH_REFERENCE:-}" ]; then
  if cmp -s <(sort "$SAKSDOK_BENCH_REFERENCE") "$WORK/pdf-hashes.txt"; then
    echo "  identical to the reference $SAKSDOK_BENCH_REFERENCE"
  else
    echo "  DIFFERENT from the reference $SAKSDOK_BENCH_REFERENCE: $(diff <(sort "$SAKSDOK_BENCH_REFERENCE") "$WORK/pdf-hashes.txt" | grep -c '^>') files differ"
  fi
fi

# One letter per process: the typst CLI and a cold saksdok render.
echo
echo "== one process per letter ($M letters)"
all=("$WORK"/cases/saker/sak-*.yaml)
mkdir -p "$WORK/cold"
settle
start=$(date +%s.%N)
for f in "${all[@]:0:$M}"; do "$BIN" render "$f" -d folgebrev -o "$WORK/cold" -q; done
end=$(date +%s.%N)
mscold=$(ms_per "$start" "$end" "$M")
echo "  saksdok render, cold      $mscold ms/letter"
if command -v typst >/dev/null 2>&1; then
  mkdir -p "$WORK/cli" "$WORK/cliroot"
  cp -r templates/. "$WORK/cliroot/"
  settle
  start=$(date +%s.%N)
  typs=("$WORK"/typ/*.typ)
  for f in "${typs[@]:0:$M}"; do
    cp "$f" "$WORK/cliroot/folgebrev.typ"
    typst compile --root "$WORK/cliroot" --font-path fonts --ignore-system-fonts \
      --pdf-standard a-2a,ua-1 "$WORK/cliroot/folgebrev.typ" "$WORK/cli/$(basename "$f" .typ).pdf"
  done
  end=$(date +%s.%N)
  mscli=$(ms_per "$start" "$end" "$M")
  echo "  typst compile ($(typst --version))  $mscli ms/letter"
  printf "  typst CLI / saksdok render (cold)  %.2fx\n" "$(awk "BEGIN {print $mscli / $mscold}")"
  printf "  typst CLI loop / saksdok batch on %s cores  %.1fx\n" "$CORES" "$(awk "BEGIN {print $mscli / ${SB[$CORES]}}")"
else
  echo "  typst CLI: not on the PATH, skipped (cargo install typst-cli --version 0.15.1)"
fi

# Memory over a long batch: every process of the batch, sampled.
BIG="${SAKSDOK_BENCH_BIG:-10000}"
[ "$BIG" -gt 0 ] && {
echo
echo "== memory: saksdok bench -n $BIG -j $CORES, all its processes, sampled every 0.2 s"
echo "   (RSS counts the binary's pages, fonts included, once per process; PSS shares them out)"
settle
"$BIN" bench -n "$BIG" -j "$CORES" --dir "$WORK/big" > "$WORK/big.txt" 2>&1 &
pid=$!
peak=0; ppeak=0; first=""; last=0
tree_mem() { # KiB of RSS and of PSS of $1 and its children
  local rss=0 pss=0 p
  for p in $1 $(pgrep -P "$1" 2>/dev/null); do
    read -r r q < <(awk '/^Rss:/ {r=$2} /^Pss:/ {q=$2} END {print r+0, q+0}' "/proc/$p/smaps_rollup" 2>/dev/null || echo "0 0")
    rss=$(( rss + r )); pss=$(( pss + q ))
  done
  echo "$rss $pss"
}
while kill -0 "$pid" 2>/dev/null; do
  read -r r q < <(tree_mem "$pid")
  if [ "$r" -gt 0 ]; then
    [ -z "$first" ] && [ "$(pgrep -c -P "$pid")" -gt 0 ] && first=$r
    last=$r
    [ "$r" -gt "$peak" ] && peak=$r
    [ "$q" -gt "$ppeak" ] && ppeak=$q
  fi
  sleep 0.2
done
wait "$pid"
echo "  $(awk '/ms\/letter/ {print $2}' "$WORK/big.txt") ms/letter"
echo "  RSS, all processes: peak $(( peak / 1024 )) MiB; early $(( ${first:-0} / 1024 )) MiB, late $(( last / 1024 )) MiB"
echo "  PSS, all processes: peak $(( ppeak / 1024 )) MiB"
}

# The web app: a page preview after an edit, on a warm server (the case
# file changes before each request, so no preview comes from the cache).
echo
if command -v curl >/dev/null 2>&1; then
  echo "== web app: one page image of a welcome letter, after an edit (warm server, 10 requests)"
  mkdir -p "$WORK/web"
  cp -r samples/saker samples/kommuner "$WORK/web/"
  settle
  "$BIN" serve --saker "$WORK/web/saker" --port 0 > "$WORK/serve.txt" 2>&1 &
  spid=$!
  for _ in $(seq 100); do grep -q http "$WORK/serve.txt" && break; sleep 0.1; done
  addr=$(grep -m1 -o 'http://[^/]*' "$WORK/serve.txt")
  id=$(printf %s asker-yonas.yaml | sha256sum | cut -c1-16)
  url="$addr/sak/$id/side/velkomstbrev/0"
  curl -sf -o /dev/null "$url"   # the server's first document: cold
  times=()
  for i in $(seq 10); do
    echo "# endret $i" >> "$WORK/web/saker/asker-yonas.yaml"
    times+=("$(curl -sf -o /dev/null -w '%{time_total}' "$url" | awk '{printf "%.1f", $1 * 1000}')")
  done
  kill "$spid" 2>/dev/null || true
  echo "  ms per preview: ${times[*]}"
  echo "  median $(median "${times[@]}") ms"
else
  echo "== web app: curl is not installed, skipped"
fi
exit 0
