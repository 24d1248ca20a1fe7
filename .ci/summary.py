#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sum meson's testlog.json files into one line "N passed, N failed, N skipped".

Each file holds one JSON object per test program run; a Check/TAP program
counts as one test here (its subtests are in meson's own log).
"""
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        print(f"summary: {path}: missing (that run did not happen)", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        result = json.loads(line).get("result", "")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
