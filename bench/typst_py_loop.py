"""typst-py loops over the same letters as saksdok: the fastest way an office
could script Typst from Python. Each process keeps one `typst.Compiler`
alive, warms it up on its first letter, and then rewrites its main file and
compiles once per letter, writing each PDF (PDF/A-2a + PDF/UA-1).

usage: typst_py_loop.py ROOT TYP_DIR FONT_DIR OUT_DIR [PROCS]

With PROCS > 1 the letters are dealt out round-robin to PROCS processes,
each with its own copy of ROOT (a main file is rewritten per letter). Every
process warms up first; when all are ready they start together, and the
time is from the first start to the last end. Prints ms per letter over
all letters and the largest peak RSS of one process. Timing covers only
the loops: Python's start-up, the import and the warm-up are left out,
which favours typst-py.
"""
import glob
import os
import resource
import shutil
import subprocess
import sys
import time


def child(root, sources, fonts, out_dir):
    import typst

    main = os.path.join(root, "folgebrev.typ")
    with open(sources[0]) as f:
        first = f.read()
    with open(main, "w") as f:
        f.write(first)
    compiler = typst.Compiler(main, root=root, font_paths=[fonts], ignore_system_fonts=True)
    compiler.compile(format="pdf", pdf_standards=["a-2a", "ua-1"])  # warm up
    print("ready", flush=True)
    sys.stdin.readline()  # go
    start = time.time()
    for src in sources:
        with open(src) as f:
            text = f.read()
        with open(main, "w") as f:
            f.write(text)
        pdf = compiler.compile(format="pdf", pdf_standards=["a-2a", "ua-1"])
        with open(os.path.join(out_dir, os.path.basename(src)[:-4] + ".pdf"), "wb") as f:
            f.write(pdf)
    end = time.time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"done {start} {end} {len(sources)} {peak}", flush=True)


def main():
    if sys.argv[1] == "--child":
        root, list_file, fonts, out_dir = sys.argv[2:6]
        with open(list_file) as f:
            sources = [line.rstrip("\n") for line in f if line.strip()]
        child(root, sources, fonts, out_dir)
        return
    root, typ_dir, fonts, out_dir = sys.argv[1:5]
    procs = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    sources = sorted(glob.glob(os.path.join(typ_dir, "*.typ")))
    os.makedirs(out_dir, exist_ok=True)
    children = []
    for k in range(procs):
        share = sources[k::procs]
        own_root = f"{out_dir}/root-{k}"
        shutil.rmtree(own_root, ignore_errors=True)
        shutil.copytree(root, own_root)
        list_file = f"{out_dir}/list-{k}.txt"
        with open(list_file, "w") as f:
            f.write("\n".join(share) + "\n")
        children.append(
            subprocess.Popen(
                [sys.executable, __file__, "--child", own_root, list_file, fonts, out_dir],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    for c in children:
        if c.stdout.readline().strip() != "ready":
            sys.exit("a typst-py process did not start")
    for c in children:
        c.stdin.write("go\n")
        c.stdin.flush()
    starts, ends, count, peak = [], [], 0, 0.0
    for c in children:
        _, s, e, n, p = c.stdout.readline().split()
        starts.append(float(s))
        ends.append(float(e))
        count += int(n)
        peak = max(peak, float(p))
        c.wait()
    secs = max(ends) - min(starts)
    print(f"ms/letter      {secs * 1000 / count:.3f}")
    print(f"letters/s      {count / secs:.0f}")
    print(f"peak RSS       {peak:.0f} MiB (largest process)")


if __name__ == "__main__":
    main()
