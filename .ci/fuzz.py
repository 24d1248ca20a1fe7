#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run every libFuzzer target of a -Dfuzz=true build for a bounded time.

    .ci/fuzz.py BUILD_DIR [SECONDS]

Each target (BUILD_DIR/fuzz_NAME) starts from its seed corpus
test/fuzz/corpus/NAME and the inputs that once crashed it
(test/fuzz/regress/NAME), runs for SECONDS (default 60) in a scratch
directory, and counts as one test: a crash, a sanitizer report, a leak, a
timeout (10 s per input) or more than 2 GiB of memory fails it, and the
input is kept in BUILD_DIR/fuzz-artifacts/NAME/.  One JSON line per target
goes to BUILD_DIR/meson-logs/testlog-fuzz.json in the layout of meson's
testlog.json (.ci/summary.py counts it) with the executions done.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TARGETS = ["command", "script", "zoneinfo", "buddyinfo", "pagetypeinfo",
           "kpageflags", "trace", "readfile"]

build = os.path.abspath(sys.argv[1])
seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 60
root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
os.makedirs(os.path.join(build, "meson-logs"), exist_ok=True)
log = open(os.path.join(build, "meson-logs", "testlog-fuzz.json"), "w",
           encoding="utf-8")
failed = 0
for name in TARGETS:
    exe = os.path.join(build, "fuzz_" + name)
    art = os.path.join(build, "fuzz-artifacts", name)
    shutil.rmtree(art, ignore_errors=True)
    os.makedirs(art)
    with tempfile.TemporaryDirectory(prefix="bsfuzz-") as tmp:
        work = os.path.join(tmp, "corpus")
        os.makedirs(work)
        dirs = [os.path.join(root, "test", "fuzz", d, name)
                for d in ("corpus", "regress")]
        cmd = [exe, "-max_total_time=%d" % seconds, "-timeout=10",
               "-rss_limit_mb=2048", "-print_final_stats=1",
               "-artifact_prefix=" + art + "/", work]
        cmd += [d for d in dirs if os.path.isdir(d)]
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
                   UBSAN_OPTIONS="print_stacktrace=1")
        if not os.path.exists(exe):
            out, rc = "no such program (build with -Dfuzz=true)", 1
        else:
            p = subprocess.run(cmd, cwd=tmp, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               errors="replace",
                               timeout=seconds * 3 + 120, check=False)
            out, rc = p.stdout, p.returncode
    m = re.search(r"stat::number_of_executed_units: (\d+)", out)
    execs = int(m.group(1)) if m else 0
    result = "OK" if rc == 0 else "FAIL"
    print("fuzz_%-13s %-4s %9d executions in %d s" %
          (name, result, execs, seconds), flush=True)
    if rc:
        failed += 1
        print("\n".join(out.splitlines()[-40:]))
        print("fuzz_%s: failing input kept in %s" % (name, art), flush=True)
    log.write(json.dumps({"name": "fuzz_" + name, "result": result,
                          "executions": execs, "seconds": seconds}) + "\n")
log.close()
sys.exit(1 if failed else 0)
