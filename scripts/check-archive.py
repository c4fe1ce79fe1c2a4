#!/usr/bin/env python3
"""Archive and accessibility checks for PDFs made by saksdok.

usage: scripts/check-archive.py PDF_OR_FOLDER...

For every PDF (folders are searched recursively):
  - `qpdf --check` passes (structure, streams, cross-reference table);
  - every font is embedded (`pdffonts`);
  - the XMP metadata declares PDF/A-2a (pdfaid:part 2, conformance A) and
    PDF/UA-1 (pdfuaid:part 1);
  - the document has a title (XMP dc:title and /Info /Title, the same), and
    viewers are told to show it (/ViewerPreferences /DisplayDocTitle true);
  - the catalog has a language, nb or nn (/Lang), is marked as tagged
    (/MarkInfo /Marked true) and has a structure tree (/StructTreeRoot with
    children);
  - text extracts, in reading order: the first words of page 1 are the
    municipality's name (the document's author), as on paper.

Needs qpdf and poppler-utils (Debian packages) and pikepdf (PyPI).
Prints one line per PDF and exits 1 if any check failed.
"""
import os
import subprocess
import sys

import pikepdf


def pdfs(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, files in sorted(os.walk(a)):
                for f in sorted(files):
                    if f.endswith(".pdf"):
                        yield os.path.join(root, f)
        else:
            yield a


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def check(path):
    problems = []
    q = run(["qpdf", "--check", path])
    if q.returncode != 0:
        problems.append("qpdf --check: " + (q.stdout + q.stderr).strip().splitlines()[-1])

    f = run(["pdffonts", path])
    rows = f.stdout.splitlines()[2:]
    if f.returncode != 0 or not rows:
        problems.append("pdffonts found no fonts")
    for row in rows:
        # name type encoding emb sub uni object ID: emb is the 4th field
        # from the right end (object ID is two fields).
        cols = row.split()
        if len(cols) >= 7 and cols[-5] != "yes":
            problems.append(f"font not embedded: {cols[0]}")

    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "A":
            problems.append(
                f"XMP does not declare PDF/A-2a (part {meta.get('pdfaid:part')}, "
                f"conformance {meta.get('pdfaid:conformance')})"
            )
        if meta.get("pdfuaid:part") != "1":
            problems.append(f"XMP does not declare PDF/UA-1 (part {meta.get('pdfuaid:part')})")
        title = meta.get("dc:title")
        info_title = str(pdf.docinfo.get("/Title", "")) if pdf.docinfo is not None else ""
        if not title:
            problems.append("no dc:title in XMP")
        elif info_title and info_title != title:
            problems.append(f"/Info /Title {info_title!r} differs from dc:title {title!r}")
        root = pdf.Root
        prefs = root.get("/ViewerPreferences")
        if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
            problems.append("/ViewerPreferences /DisplayDocTitle is not true")
        lang = str(root.get("/Lang", ""))
        if lang not in ("nb", "nn"):
            problems.append(f"/Lang is {lang!r}, not nb or nn")
        mark = root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)):
            problems.append("not marked as tagged (/MarkInfo /Marked)")
        tree = root.get("/StructTreeRoot")
        if tree is None or tree.get("/K") is None:
            problems.append("no structure tree")
        author = meta.get("dc:creator")
        author = author[0] if isinstance(author, list) and author else author

    t = run(["pdftotext", "-f", "1", "-l", "1", path, "-"])
    words = t.stdout.split()
    if t.returncode != 0 or not words:
        problems.append("no text extracts from page 1")
    elif author and " ".join(words[: len(author.split())]) != author:
        problems.append(
            f"page 1 does not read from the top: starts {' '.join(words[:4])!r}, expected {author!r}"
        )
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = 0
    count = 0
    for path in pdfs(sys.argv[1:]):
        count += 1
        problems = check(path)
        if problems:
            failed += 1
            print(f"FAIL {path}")
            for p in problems:
                print(f"     {p}")
        else:
            print(f"ok   {path}")
    if count == 0:
        print("no PDFs found", file=sys.stderr)
        return 1
    print(f"{count - failed} of {count} PDFs pass the archive checks")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
