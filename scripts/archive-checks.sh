#!/usr/bin/env bash
# Renders every sample document, a batch print file (duplex) and a følgebrev
# with its plan enclosed into a scratch folder, and runs the archive and
# accessibility checks of scripts/check-archive.py over all of them.
#
#   scripts/archive-checks.sh        uses target/debug/saksdok (built if missing)
#   SAKSDOK=target/release/saksdok scripts/archive-checks.sh
#
# Needs qpdf and poppler-utils (Debian), pikepdf and page-validation (PyPI);
# .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${SAKSDOK:-target/debug/saksdok}"
[ -x "$BIN" ] || cargo build --quiet
OUT="$(mktemp -d "${TMPDIR:-/tmp}/saksdok-archive.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

# Every kind that takes its data from a case section (`saksdok kinds`).
kinds=$("$BIN" kinds | awk -F'\t' '$2 != "-" { print $1 }' | paste -sd, -)
"$BIN" batch samples/saker -o "$OUT" --print-file --duplex -q -d "$kinds"
for liste in ettervern plassering avslutning familierad nemndssak akuttarbeid; do
  "$BIN" render samples/saker/alver-dawit.yaml -d sjekkliste --liste "$liste" --date 2026-11-23 -o "$OUT" -q
done
"$BIN" render samples/saker/alver-amina.yaml -d folgebrev --med-vedlegg -o "$OUT" -q
# The welcome letter with each translation (right to left for Arabic).
for sprak in en uk ar ti prs so ps; do
  mkdir -p "$OUT/sprak-$sprak"
  "$BIN" render samples/saker/asker-yonas.yaml -d velkomstbrev --sprak "$sprak" -o "$OUT/sprak-$sprak" -q
  "$BIN" render samples/saker/alver-dawit.yaml -d tiltaksplan --sprak "$sprak" -o "$OUT/sprak-$sprak" -q
done
# The agreements (their own files, not cases).
"$BIN" render samples/avtaler/asker-rotary.yaml samples/avtaler/alver-idrettslag.yaml -d samarbeidsavtale -o "$OUT" -q
"$BIN" render samples/avtaler/asker-rotary.yaml samples/avtaler/alver-idrettslag.yaml -d taushetserklaering -o "$OUT" -q
"$BIN" render samples/avtaler/alver-frivilligsentral.yaml -d intensjonsavtale -o "$OUT" -q

python3 scripts/check-archive.py "$OUT"

# The independent validator (page-validation), over the same PDFs and the
# duplex print file; then a deliberately broken copy (no tagging, no XMP)
# that it must reject, so the check is known to be able to fail.
python3 scripts/validate-pdfs.py "$OUT"
BROKEN="$(mktemp -d "${TMPDIR:-/tmp}/saksdok-broken.XXXXXX")"
trap 'rm -rf "$OUT" "$BROKEN"' EXIT
python3 - "$OUT/utskriftsfil.pdf" "$BROKEN/odelagt.pdf" <<'PY'
import sys
import pikepdf
with pikepdf.open(sys.argv[1]) as pdf:
    for key in ("/MarkInfo", "/StructTreeRoot", "/Metadata"):
        if key in pdf.Root:
            del pdf.Root[key]
    pdf.save(sys.argv[2])
PY
python3 scripts/validate-pdfs.py --expect-rejection "$BROKEN/odelagt.pdf"
