#!/usr/bin/env python3
"""Independent PDF/A-2a and PDF/UA-1 validation of PDFs made by saksdok.

usage: scripts/validate-pdfs.py [--expect-rejection] PDF_OR_FOLDER...

Validates every PDF (folders are searched recursively) with the `page`
engine (`page-validation` on PyPI, a validator independent of Typst and of
saksdok) against both profiles saksdok promises: PDF/A-2a and PDF/UA-1.
Prints one line per PDF and profile, and the first failures of a PDF that
does not comply. Exits 1 if any PDF fails.

With --expect-rejection the meaning turns around: every PDF given must be
rejected by at least one profile (a deliberately broken PDF, to show the
check can fail); exits 1 if one passes.
"""
import os
import sys

import page

PROFILES = [
    ("PDF/A-2a", page.ValidationProfile.PDF_A_2A),
    ("PDF/UA-1", page.ValidationProfile.PDF_UA_1),
]


def pdfs(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, files in sorted(os.walk(a)):
                for f in sorted(files):
                    if f.endswith(".pdf"):
                        yield os.path.join(root, f)
        else:
            yield a


def main(argv):
    expect_rejection = "--expect-rejection" in argv
    args = [a for a in argv if a != "--expect-rejection"]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    bad = 0
    count = 0
    for path in pdfs(args):
        count += 1
        rejected = []
        for name, profile in PROFILES:
            try:
                report = page.validate_pdf(path, profile=profile)
                ok = report.is_compliant
                failures = list(report.failures)
            except Exception as e:  # a file the validator cannot even read
                ok, failures = False, [e]
            if not ok:
                rejected.append(name)
                if not expect_rejection:
                    print(f"FAIL {name} {path}")
                    for f in failures[:5]:
                        print(f"       {f}")
        if expect_rejection:
            if rejected:
                print(f"ok   rejected as expected ({', '.join(rejected)}): {path}")
            else:
                print(f"FAIL a broken PDF passed both profiles: {path}")
                bad += 1
        elif rejected:
            bad += 1
        else:
            print(f"ok   PDF/A-2a + PDF/UA-1 {path}")
    if count == 0:
        print("no PDFs found", file=sys.stderr)
        return 1
    if not expect_rejection:
        print(f"{count - bad} of {count} PDFs pass PDF/A-2a and PDF/UA-1 (page-validation {page.version('page-validation')})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
