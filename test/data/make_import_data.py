#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the hand-made /proc files of test/data/import/ and the traces of
test/data/trace/.  The free blocks of the small machine are listed here
once; buddyinfo, pagetypeinfo and kpageflags are all derived from that
list, so the expected counts do not come from buddyscope.  Run it from
test/data/ after changing it; the outputs are committed."""
import gzip, lzma, os, struct

KPF = dict(DIRTY=4, LRU=5, SLAB=7, BUDDY=10, ANON=12, HEAD=15, TAIL=16,
           PGTABLE=26, RESERVED=32)
MT = ["Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"]

# zones: name, start_pfn, spanned, present, managed
ZONES = [("DMA", 1, 4095, 4095, 4000), ("Normal", 4096, 8192, 8192, 8192)]
# free blocks: (pfn, order, migratetype index); pageblocks of 512 pages
FREE = [
    (0x100, 8, 0),            # DMA pageblock 0: Unmovable
    (0x208, 3, 0), (0x204, 2, 0), (0x202, 1, 0), (0x201, 0, 0),
    (0x400, 10, 1), (0x800, 10, 1), (0xc00, 10, 1),
    (0x1000, 10, 1), (0x1400, 10, 1), (0x1800, 10, 1), (0x1c00, 10, 1),
    (0x2000, 9, 2),           # a Reclaimable pageblock, buddy 0x2200 used
    (0x2400, 10, 1), (0x2800, 10, 1),
    (0x2205, 0, 2), (0x2210, 4, 2),
]
NORDERS = 11


def zone_of(pfn):
    for z in ZONES:
        if z[1] <= pfn < z[1] + z[2]:
            return z[0]
    return None


def counts():
    bi = {z[0]: [0] * NORDERS for z in ZONES}
    pt = {z[0]: [[0] * NORDERS for _ in MT] for z in ZONES}
    for pfn, o, mt in FREE:
        bi[zone_of(pfn)][o] += 1
        pt[zone_of(pfn)][mt][o] += 1
    return bi, pt


def buddyinfo(bi, zones=None):
    out = ""
    for z in ZONES:
        out += "Node 0, zone %8s " % z[0]
        out += "".join("%6d " % n for n in bi[z[0]]) + "\n"
    return out


def pagetypeinfo(pt, cap=None):
    out = "Page block order: 9\nPages per block:  512\n\n"
    out += "%-43s " % "Free pages count per migrate type at order"
    out += "".join("%6d " % o for o in range(NORDERS)) + "\n"
    for z in ZONES:
        for i, t in enumerate(MT):
            out += "Node %4d, zone %8s, type %12s " % (0, z[0], t)
            for o in range(NORDERS):
                n = pt[z[0]][i][o]
                if cap and (z[0], t, o) == cap:
                    out += ">%6d " % 100000
                else:
                    out += "%6d " % n
            out += "\n"
    # pageblock types: the free blocks' pageblocks, the rest Movable
    pb = {}
    for pfn, o, mt in FREE:
        for p in range(pfn >> 9, ((pfn + (1 << o) - 1) >> 9) + 1):
            pb[p] = mt
    out += "\n%-23s" % "Number of blocks type "
    out += "".join("%12s " % t for t in MT) + "\n"
    for z in ZONES:
        n = [0] * len(MT)
        first, last = z[1] >> 9, (z[1] + z[2] - 1) >> 9
        for p in range(first, last + 1):
            n[pb.get(p, 1)] += 1
        out += "Node 0, zone %8s " % z[0] + "".join("%12d " % x for x in n) + "\n"
    return out


def zoneinfo(bi):
    out = ""
    names = ["DMA", "DMA32", "Normal", "Movable", "Device"]
    for i, name in enumerate(names):
        z = [x for x in ZONES if x[0] == name]
        out += "Node 0, zone %8s\n" % name
        if i == 0:
            out += "  per-node stats\n      nr_inactive_anon 12\n      nr_active_anon 3\n"
        if not z:
            out += ("  pages free     0\n        boost    0\n        min      0\n"
                    "        low      0\n        high     0\n        promo    0\n"
                    "        spanned  0\n        present  0\n        managed  0\n"
                    "        cma      0\n        protection: (0, 0, 0, 0, 0)\n")
            continue
        _, start, spanned, present, managed = z[0]
        free = sum(n << o for o, n in enumerate(bi[name]))
        wm = {"DMA": (10, 12, 14, 16), "Normal": (40, 50, 60, 70)}[name]
        prot = {"DMA": "(0, 0, 32, 32, 32)", "Normal": "(0, 0, 0, 0, 0)"}[name]
        out += "  pages free     %d\n        boost    0\n" % free
        out += "        min      %d\n        low      %d\n        high     %d\n        promo    %d\n" % wm
        out += "        spanned  %d\n        present  %d\n        managed  %d\n" % (spanned, present, managed)
        out += "        cma      0\n        protection: %s\n" % prot
        out += "      nr_free_pages %d\n      nr_zone_inactive_anon 0\n" % free
        out += "  pagesets\n"
        for cpu in range(2):
            high = 0 if name == "DMA" else 96
            out += ("    cpu: %d\n              count:    0\n              high:     %d\n"
                    "              batch:    %d\n              high_min: %d\n"
                    "              high_max: %d\n  vm stats threshold: 4\n"
                    % (cpu, high, 1 if name == "DMA" else 15, 0 if name == "DMA" else 96,
                       0 if name == "DMA" else 200))
        out += "  node_unreclaimable:  0\n  start_pfn:           %d\n" % start
    return out


def kpageflags():
    end = ZONES[-1][1] + ZONES[-1][2]
    f = [0] * end
    f[0] = 1 << KPF["RESERVED"]
    used = []
    free = set()
    for pfn, o, mt in FREE:
        for p in range(pfn, pfn + (1 << o)):
            free.add(p)
            f[p] = 1 << KPF["BUDDY"]
    # DMA: PFN 1..95 reserved (4095 - 4000 = 95 unmanaged)
    for p in range(1, 96):
        f[p] = 1 << KPF["RESERVED"]
    # some owners in Normal: slab, anon, dirty file, clean file, page table,
    # and an order-2 compound page (head + 3 tails)
    f[0x2200] = 1 << KPF["SLAB"]
    f[0x2201] = (1 << KPF["LRU"]) | (1 << KPF["ANON"])
    f[0x2202] = (1 << KPF["LRU"]) | (1 << KPF["DIRTY"])
    f[0x2203] = 1 << KPF["LRU"]
    f[0x2204] = 1 << KPF["PGTABLE"]
    f[0x2208] = (1 << KPF["HEAD"]) | (1 << KPF["SLAB"])
    for p in range(0x2209, 0x220c):
        f[p] = (1 << KPF["TAIL"]) | (1 << KPF["SLAB"])
    return b"".join(struct.pack("<Q", x) for x in f)


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    if path.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    elif path.endswith(".xz"):
        data = lzma.compress(data)
    with open(path, "wb") as fh:
        fh.write(data)


def main():
    bi, pt = counts()
    B, P, Z, K = buddyinfo(bi), pagetypeinfo(pt), zoneinfo(bi), kpageflags()
    d = "import/"
    # full: every file, kpageflags gzip-compressed
    write(d + "full/buddyinfo", B)
    write(d + "full/pagetypeinfo", P)
    write(d + "full/zoneinfo", Z)
    write(d + "full/kpageflags.gz", K)
    # no-root: what a user without root reads
    write(d + "noroot/buddyinfo", B)
    write(d + "noroot/zoneinfo", Z)
    # compressed: gzip and xz text, snapshot suffixes
    write(d + "snap/buddyinfo.one.gz", B)
    write(d + "snap/pagetypeinfo.one.xz", P)
    write(d + "snap/zoneinfo.one", Z)
    write(d + "snap/buddyinfo.two", B)
    write(d + "snap/zoneinfo.two", Z)
    # buddyinfo alone
    write(d + "buddyonly/buddyinfo", B)
    # a capped count (>100000) and a second node
    write(d + "capped/buddyinfo", B + B.replace("Node 0", "Node 1"))
    write(d + "capped/pagetypeinfo", pagetypeinfo(pt, cap=("Normal", "Movable", 10)))
    write(d + "capped/zoneinfo", Z + Z.replace("Node 0", "Node 1"))
    # malformed files, one defect each
    bad = d + "bad/"
    write(bad + "number/buddyinfo", B.replace("     3 \n", "    3x \n", 1))
    write(bad + "orders/buddyinfo", B.replace("     1      0      3 \n", "     1      0 \n", 1))
    write(bad + "zone/buddyinfo", B.replace("Normal", "Nermal"))
    write(bad + "twice/buddyinfo", B + B.splitlines(True)[0])
    write(bad + "header/buddyinfo", "Node zero, zone DMA 1 2 3\n")
    write(bad + "empty/buddyinfo", "")
    write(bad + "binary/buddyinfo", bytes(range(256)) * 4)
    write(bad + "ptorder/buddyinfo", B)
    write(bad + "ptorder/pagetypeinfo", P.replace("Pages per block:  512", "Pages per block:  500"))
    write(bad + "pttype/buddyinfo", B)
    write(bad + "pttype/pagetypeinfo", P.replace("HighAtomic", "Hyperatomic"))
    write(bad + "ptcount/buddyinfo", B)
    write(bad + "ptcount/pagetypeinfo", P.replace("Reclaimable      0      0", "Reclaimable      0     -1", 1))
    write(bad + "zinum/buddyinfo", B)
    write(bad + "zinum/zoneinfo", Z.replace("managed  8192", "managed  lots"))
    write(bad + "ziprot/buddyinfo", B)
    write(bad + "ziprot/zoneinfo", Z.replace("protection: (0, 0, 32, 32, 32)", "protection: (0, 0, 32 32)"))
    write(bad + "kpfsize/buddyinfo", B)
    write(bad + "kpfsize/zoneinfo", Z)
    write(bad + "kpfsize/kpageflags", K[:-3])
    write(bad + "gzip/buddyinfo.gz", B)
    with open(bad + "gzip/buddyinfo.gz", "r+b") as fh:
        fh.seek(12)
        fh.write(b"\xff\xff\xff\xff\xff\xff")
    write(bad + "xzcut/buddyinfo.xz", B)
    with open(bad + "xzcut/buddyinfo.xz", "r+b") as fh:
        fh.truncate(os.path.getsize(bad + "xzcut/buddyinfo.xz") // 2)
    write(bad + "overfull/buddyinfo", B.replace("     1      0      3 \n", "     1      0     30 \n", 1))
    write(bad + "overfull/zoneinfo", Z)

    # traces on the full machine (PFNs of its free blocks)
    t = "trace/"
    ev = [  # (event, fields) in the 6.x format; cpu in brackets
        (0, "mm_page_alloc", "page=00000000aaaaaaaa pfn=0x201 order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE"),
        (0, "mm_page_alloc_zone_locked", "page=00000000bbbbbbbb pfn=0x204 order=2 migratetype=1 percpu_refill=1"),
        (0, "mm_page_alloc", "page=00000000bbbbbbbb pfn=0x204 order=2 migratetype=1 gfp_flags=GFP_KERNEL"),
        (1, "mm_page_alloc_zone_locked", "page=00000000cccccccc pfn=0x1000 order=10 migratetype=0 percpu_refill=0"),
        (1, "mm_page_alloc", "page=00000000cccccccc pfn=0x1000 order=10 migratetype=0 gfp_flags=GFP_KERNEL"),
        (1, "mm_page_alloc_extfrag", "page=00000000cccccccc pfn=0x1000 alloc_order=10 fallback_order=10 pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 fragmenting=0 change_ownership=1"),
        (0, "mm_page_free", "page=00000000aaaaaaaa pfn=0x201 order=0"),
        (0, "mm_page_free_batched", "page=00000000aaaaaaaa pfn=0x201 order=0"),
        (0, "mm_page_pcpu_drain", "page=00000000aaaaaaaa pfn=0x201 order=0 migratetype=1"),
        (1, "mm_page_free", "page=00000000cccccccc pfn=0x1000 order=10"),
        (0, "mm_page_alloc", "page=0000000000000000 pfn=0xffffffffffffffff order=3 migratetype=0 gfp_flags=GFP_ATOMIC"),
        # divergences: alloc of allocated (0x2200 slab), free of free (0x2400),
        # a PFN in no zone, drain of an allocated page
        (1, "mm_page_alloc", "page=00000000dddddddd pfn=0x2200 order=0 migratetype=0 gfp_flags=GFP_KERNEL"),
        (1, "mm_page_free", "page=00000000eeeeeeee pfn=0x2400 order=10"),
        (1, "mm_page_alloc", "page=00000000ffffffff pfn=0x900000 order=0 migratetype=0 gfp_flags=GFP_KERNEL"),
        (0, "mm_page_pcpu_drain", "page=0000000011111111 pfn=0x2201 order=0 migratetype=1"),
    ]
    lines = []
    for i, (cpu, name, fields) in enumerate(ev):
        lines.append("%16s-%-5d [%03d] d..1. %5d.%06d: %s: %s" % ("task", 4000 + i, cpu, 100, i, name, fields))
    hdr = "# tracer: nop\n#\n#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
    ftrace = hdr + "\n".join(lines) + "\n"
    write(t + "ftrace.txt", ftrace)
    write(t + "ftrace.txt.gz", ftrace)
    write(t + "ftrace.txt.xz", ftrace)
    # 4.19: pfn=%lu, 4-character flags
    old = []
    for i, (cpu, name, fields) in enumerate(ev):
        f2 = []
        for w in fields.split():
            k, v = w.split("=", 1)
            if k == "pfn":
                v = str(int(v, 16)) if v != "0xffffffffffffffff" else "0"
            if k == "page" and name == "mm_page_alloc" and v == "0000000000000000":
                v = "(null)"
            f2.append(k + "=" + v)
        old.append("%16s-%-5d [%03d] d..1 %5d.%06d: %s: %s" % ("task", 4000 + i, cpu, 100, i, name, " ".join(f2)))
    write(t + "old419.txt", hdr + "\n".join(old) + "\n")
    # trace-cmd report
    tc = ["cpus=2"]
    for i, (cpu, name, fields) in enumerate(ev):
        tc.append("%16s-%-5d [%03d] %5d.%06d: %-26s %s" % ("task", 4000 + i, cpu, 100, i, name + ":", fields))
    write(t + "trace-cmd.txt", "\n".join(tc) + "\n")
    # perf script
    pf = []
    for i, (cpu, name, fields) in enumerate(ev):
        pfn = [w for w in fields.split() if w.startswith("pfn=")][0][4:]
        f2 = " ".join(("page=" + pfn) if w.startswith("page=") else w for w in fields.split())
        pf.append("%16s %5d [%03d] %5d.%06d: %30s: %s" % ("task", 4000 + i, cpu, 100, i, "kmem:" + name, f2))
    write(t + "perf.txt", "\n".join(pf) + "\n")
    # malformed traces
    write(t + "bad-nopfn.txt", hdr + lines[0] + "\n" + lines[1].replace("pfn=0x204 ", "") + "\n")
    write(t + "bad-number.txt", hdr + lines[0].replace("order=0", "order=zero") + "\n")
    write(t + "bad-cut.txt.xz", ftrace)
    with open(t + "bad-cut.txt.xz", "r+b") as fh:
        fh.truncate(os.path.getsize(t + "bad-cut.txt.xz") - 20)


if __name__ == "__main__":
    main()
