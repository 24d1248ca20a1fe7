#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_exports.py - save/load, hash, export CSV and screenshots of the real
binary, checked from outside with Python's own parsers.

Usage: check_exports.py BUDDYSCOPE SOURCE_ROOT
Prints TAP.  Every check runs buddyscope --batch on a script written here
and looks only at what a user gets: its stdout/stderr, exit status and the
files it writes.
"""
import csv
import html.parser
import io
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

exe, root = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix="bs-exports-")
results = []


def ok(cond, what, detail=""):
    results.append(bool(cond))
    print("%s %d - %s" % ("ok" if cond else "not ok", len(results), what))
    if not cond and detail:
        for line in str(detail).splitlines()[:40]:
            print("# " + line)


def run(script, name="t.bs", preexec=None, opts=()):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(script)
    p = subprocess.run([exe, *opts, "--batch", path], cwd=tmp, capture_output=True,
                       text=True, preexec_fn=preexec, timeout=300)
    return p


def hashes(out):
    return re.findall(r"state hash (0x[0-9a-f]{16}) \(allocator (0x[0-9a-f]{16})\)", out)


def pfns(out):
    return re.findall(r"mm_page_alloc: page=\S+ pfn=(0x[0-9a-f]+)", out)


# ---- save / load round trips ------------------------------------------------

STATES = {
    "fresh": "machine classroom\n",
    "fragmented": "machine classroom\nworkload fragment steps=300 seed=7\n"
                  "alloc 2 GFP_ATOMIC count=20 as at\nfree at.3\nfree at.9\n",
    "reclaim+compaction": "machine custom Normal=1024 pageblock_order=7\n"
                          "daemons manual\n"
                          "alloc 4 GFP_HIGHUSER_MOVABLE owner=pagecache count=36 as pc\n"
                          "alloc 4 GFP_HIGHUSER_MOVABLE task=db count=10 as db\n"
                          "swap 64\nalloc 0 GFP_KERNEL count=300 as k\n"
                          "kswapd run\nreclaim 16\nfree k.3\nfree k.7\ncompact\n",
    "era 4.19": "machine classroom\nera 4.19\nalloc 3 as a\n"
                "alloc 0 GFP_ATOMIC count=5 as b\npcp on\nalloc 0 count=3 as p\n",
    "imported": "import %s/test/data/import/full\nalloc 1 as x\n" % root,
}
# What runs after the save and again after the load: the same outcome
# (PFNs and all) shows that the loaded state behaves as the saved one.
FUTURE = ("alloc 0 as f0\nalloc 3 as f3\nalloc 9 GFP_KERNEL as f9\n"
          "workload fragment steps=50 seed=3\nalloc 2 GFP_ATOMIC as f2\nhash\n")

for name, setup in STATES.items():
    fn = "s-%s.bss" % name.replace(" ", "_").replace("+", "_")
    script = (setup + "hash\nsave %s\n" % fn + FUTURE +
              "load %s\nhash\n" % fn + FUTURE)
    p = run(script)
    hs = hashes(p.stdout)
    ok(p.returncode == 0 and len(hs) == 4 and hs[0] == hs[2],
       "save/load %s: load gives the saved state hash" % name,
       p.stdout[-2000:] + p.stderr)
    ok(len(hs) == 4 and hs[1] == hs[3] and hs[0] != hs[1],
       "save/load %s: the same commands after save and after load end in the same state" % name,
       str(hs))
    out = p.stdout
    saved, cut = out.find("saved the session"), out.find("loaded ")
    after_save, after_load = pfns(out[saved:cut]), pfns(out[cut:])
    ok(saved > 0 and cut > 0 and after_save == after_load and len(after_load) >= 3,
       "save/load %s: the next allocations get the same PFNs" % name,
       "%s\n%s" % (after_save, after_load))

# ---- bad session files: one message, state unchanged ---------------------------

p = run(STATES["fragmented"] + "save good.bss\n")
good = open(os.path.join(tmp, "good.bss"), "rb").read()
ok(p.returncode == 0 and good.startswith(b"buddyscope session\n"),
   "save writes a session file", p.stderr)


def fnv64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def resum(data):
    body = data[:-8]
    return body + fnv64(body).to_bytes(8, sys.byteorder)


def corrupt_link(data):
    # A free-list link pointing far outside the machine, with a valid checksum:
    # only the checks of every index can catch it.  The links follow the
    # zones in the image; change a word deep inside the file.
    b = bytearray(data)
    at = len(b) // 3 & ~3
    b[at:at + 4] = (0x7ffffff0).to_bytes(4, sys.byteorder)
    return resum(bytes(b))


BAD = {
    "empty": b"",
    "not a session": b"hello\n",
    "header only": good[:25],
    "truncated in the middle": good[:len(good) // 2],
    "one byte short": good[:-1],
    "one byte flipped": good[:1000] + bytes([good[1000] ^ 0x40]) + good[1001:],
    "garbage after the end": good + b"x",
    "corrupt list link, checksum fixed": corrupt_link(good),
    "wrong version": good[:19] + (99).to_bytes(4, sys.byteorder) + good[23:],
}
for name, data in BAD.items():
    fn = "bad-%d.bss" % len(results)
    with open(os.path.join(tmp, fn), "wb") as f:
        f.write(data)
    p = run("machine classroom\nalloc 3 as keep\nhash\nload %s\nhash\nhandles\n" % fn,
            name="bad.bs", opts=("--keep-going",))
    hs = hashes(p.stdout)
    errs = [l for l in p.stderr.splitlines() if l.strip()]
    ok(p.returncode == 2 and len(errs) == 1 and
       re.match(r"(.*/)?bad\.bs:4: error: load: %s: \S" % re.escape(fn), errs[0]),
       "load refuses a bad file (%s) with one file:line: error: message" % name,
       p.stderr + p.stdout[-500:])
    ok(len(hs) == 2 and hs[0] == hs[1] and "keep" in p.stdout.split("handles")[-1],
       "load of a bad file (%s) leaves the state unchanged" % name, p.stdout[-800:])
    print("#   %s -> %s" % (name, errs[0] if errs else "(no message)"))

# ---- atomic writes: a failed write leaves the old file ----------------------------


def small_files():
    # Files may not grow beyond 64 KiB: a real EFBIG from write(2).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))


old = open(os.path.join(tmp, "good.bss"), "rb").read()
p = run("machine classroom\nworkload fragment steps=100 seed=1\nsave good.bss\n",
        name="full.bs", preexec=small_files)
left = [f for f in os.listdir(tmp) if ".tmp." in f]
ok(p.returncode == 2 and "good.bss" in p.stderr and "old file is unchanged" in p.stderr,
   "save past the file size limit fails with a message", p.stderr)
ok(open(os.path.join(tmp, "good.bss"), "rb").read() == old and not left,
   "the old session file is intact and no temporary file is left", str(left))
p = run("load good.bss\nhash\n", name="reload.bs")
ok(p.returncode == 0 and len(hashes(p.stdout)) == 1,
   "the old session file still loads", p.stderr)

# ---- export: CSV against /proc/buddyinfo at the same points -------------------

script = ("machine custom DMA=4096 Normal=32768\ncat /proc/buddyinfo\n"
          "alloc 0 as a\ncat /proc/buddyinfo\n"
          "alloc 3 GFP_DMA as d\ncat /proc/buddyinfo\n"
          "workload fragment steps=100 seed=5\ncat /proc/buddyinfo\n"
          "free a\ncat /proc/buddyinfo\n"
          "export hist.csv\n")
p = run(script)
ok(p.returncode == 0 and "exported 5 samples" in p.stdout,
   "export writes the history (one sample per state-changing command)", p.stdout[-400:] + p.stderr)
info = [[list(map(int, l.split()[4:])) for l in blk.strip().splitlines()]
        for blk in re.findall(r"((?:Node 0, zone +\S+ .*\n)+)", p.stdout)]
rows = list(csv.reader(open(os.path.join(tmp, "hist.csv"))))
hdr = rows[0]
orders = 11
ok(hdr[:6] == ["seq", "zone", "free_pages", "wmark_min", "wmark_low", "wmark_high"] and
   hdr[6:6 + orders] == ["nr_free_%d" % o for o in range(orders)] and
   hdr[6 + orders:6 + 2 * orders] == ["unusable_%d" % o for o in range(orders)] and
   hdr[6 + 2 * orders:] == ["extfrag_%d" % o for o in range(orders)],
   "the CSV header names every column", hdr)
data = rows[1:]
ok(len(data) == 5 * 2 and all(len(r) == len(hdr) for r in data),
   "one row per sample per populated zone (5 samples x DMA, Normal), every row full",
   "%d rows" % len(data))
# Each of the 5 state-changing commands (machine, alloc, alloc, workload,
# free) took a sample; buddyinfo block i was printed right after command i.
match = all([int(x) for x in data[2 * i + z][6:6 + orders]] == info[i][z]
            for i in range(5) for z in range(2)) if len(info) == 5 and len(data) == 10 else False
ok(match, "nr_free of every row equals /proc/buddyinfo printed at that point",
   "%s\n%s" % (info, [r[:6 + orders] for r in data]))
ok([r[1] for r in data[:2]] == ["DMA", "Normal"] and [r[0] for r in data[::2]] == ["0", "1", "2", "3", "4"],
   "rows are in sample order, zones in zone order")
# Hand-computed: after 'alloc 0' the Normal zone (32768 pages, all order-10
# blocks at boot: 32) split one order-10 block into orders 0..9: nr_free is
# 1 of each order 0..9 and 31 of order 10, so free = 1023 + 31*1024 = 32767.
# unusable_free_index(order 10) = (32767 - 31*1024) * 1000 / 32767 = 31;
# extfrag of order 10 is -1000 (a suitable block exists).  For order 0 the
# whole free memory is usable: 0.  Watermarks come from min_free_kbytes
# (the zoneinfo golden checks them); here they just have to be min<low<high.
n = data[3]
ok(n[0] == "1" and n[1] == "Normal" and n[2] == "32767" and n[6:6 + orders] == ["1"] * 10 + ["31"] and
   n[6 + orders] == "0.000" and n[6 + orders + 10] == "0.031" and
   n[6 + 2 * orders + 10] == "-1.000" and int(n[3]) < int(n[4]) < int(n[5]),
   "a row's counts and indices are the kernel's formulas (hand-computed)", n)
p2 = run(script.replace("export hist.csv\n", "cat /sys/kernel/debug/extfrag/unusable_index\n"
                        "cat /sys/kernel/debug/extfrag/extfrag_index\n"))
idx = re.findall(r"Node 0, zone +(\S+) (.*)", p2.stdout)
last = [r for r in data if r[0] == "4"]
uu = {z: v.split() for z, v in idx[-4:-2]}
ef = {z: v.split() for z, v in idx[-2:]}
ok(uu and ef and all([float(x) for x in r[6 + orders:6 + 2 * orders]] == [float(x) for x in uu[r[1]]] and
                     [float(x) for x in r[6 + 2 * orders:]] == [float(x) for x in ef[r[1]]]
                     for r in last),
   "the last sample's indices equal the unusable_index and extfrag_index files", "%s %s %s" % (last, uu, ef))
p = run("export empty.csv\n")
ok(p.returncode == 0 and "header only" in p.stdout and
   len(open(os.path.join(tmp, "empty.csv")).read().splitlines()) == 1,
   "export of a history with no samples writes the header and says so", p.stdout)

# ---- screenshots ----------------------------------------------------------------------

p = run("machine classroom\nalloc 3 as a\nalloc 9 GFP_ATOMIC as bc\nscreenshot s.svg\n"
        "screenshot s.html\nscreenshot s.png\n")
ok(p.returncode == 2 and "s.png: unknown picture type '.png'" in p.stderr,
   "screenshot refuses an unknown extension", p.stderr)
NS = "{http://www.w3.org/2000/svg}"
try:
    svg = ET.parse(os.path.join(tmp, "s.svg")).getroot()
    texts = list(svg.iter(NS + "text"))
    rows_y = {}
    for t in texts:
        rows_y.setdefault(float(t.get("y")), []).append((float(t.get("x")), t.text or ""))
    lines = ["".join(s for _, s in sorted(v)) for _, v in sorted(rows_y.items())]
    alltext = "\n".join(lines)
    fills = {e.get("fill") for e in svg.iter() if e.get("fill")}
    ok(svg.tag == NS + "svg" and float(svg.get("width")) > 900, "the SVG parses as XML, 120 columns wide")
    ok("Memory map" in alltext and "Watermarks" in alltext and "buddyscope>" in alltext and
       "Event log" in alltext, "the SVG holds the screen's text", alltext[:600])
    ok(len(fills) >= 5, "the SVG has the theme's colours (%d fills)" % len(fills), fills)
except ET.ParseError as e:
    ok(False, "the SVG parses as XML", e)


class Html(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.text, self.colors = [], [], [], set()

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br"):
            self.stack.append(tag)
        for k, v in attrs:
            if k == "style":
                self.colors.update(re.findall(r"color:(#[0-9a-f]{6})", v))

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)

    def handle_data(self, d):
        if "pre" in self.stack:
            self.text.append(d)


h = Html()
h.feed(open(os.path.join(tmp, "s.html"), encoding="utf-8").read())
h.close()
text = "".join(h.text)
ok(not h.errors and not h.stack, "the HTML's tags are balanced", "%s %s" % (h.errors, h.stack))
ok(len(text.splitlines()) == 40 and all(len(l) == 120 for l in text.splitlines()) and
   "Memory map" in text, "the HTML holds the 120x40 screen, one line per row", text[:400])
ok(len(h.colors) >= 5, "the HTML has the theme's colours (%d)" % len(h.colors), h.colors)

print("1..%d" % len(results))
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(0 if all(results) else 1)
