"""A typst-py loop that keeps one Compiler alive and rewrites its main file
between letters: the fastest way an office could script Typst from Python.

usage: typst_py_loop.py ROOT TYP_DIR FONT_DIR
"""
import glob
import os
import resource
import sys
import time

import typst

root, typ_dir, fonts = sys.argv[1:4]
sources = sorted(glob.glob(os.path.join(typ_dir, "*.typ")))
main = os.path.join(root, "folgebrev.typ")
out_dir = os.path.join(os.path.dirname(typ_dir.rstrip("/")), "py")
os.makedirs(out_dir, exist_ok=True)

with open(sources[0]) as f:
    first = f.read()
with open(main, "w") as f:
    f.write(first)
compiler = typst.Compiler(main, root=root, font_paths=[fonts], ignore_system_fonts=True)
compiler.compile(format="pdf", pdf_standards=["a-2a", "ua-1"])  # warm up

start = time.perf_counter()
for src in sources:
    with open(src) as f:
        text = f.read()
    with open(main, "w") as f:
        f.write(text)
    pdf = compiler.compile(format="pdf", pdf_standards=["a-2a", "ua-1"])
    with open(os.path.join(out_dir, os.path.basename(src)[:-4] + ".pdf"), "wb") as f:
        f.write(pdf)
secs = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"ms/letter      {secs * 1000 / len(sources):.3f}")
print(f"peak RSS       {peak:.0f} MiB")
