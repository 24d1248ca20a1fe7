#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ab_compact.sh BUILD_A BUILD_B [PAIRS] [sorted]
#
# In-process A/B of the compaction workload of bench_vm.c between the
# models of two meson build directories (each built, e.g. one of a
# `git worktree` of the commit before): see ab_compact.c.  Prints the
# median time of each and the median ratio B/A of the pairs.
set -eu
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# meson's archives are thin: make real ones
fat() {
	(cd "$1" && ar t libbsmodel.a) | while read -r o; do
		echo "$1/$o"
	done | xargs ar rcs "$2"
}
fat "$a" "$tmp/a.a"
fat "$b" "$tmp/b0.a"
cc -O2 -I"$src/model" -DAB_FN=ab_run_a -c "$src/test/bench/ab_compact.c" -o "$tmp/ra.o"
cc -O2 -I"$src/model" -DAB_FN=ab_run_b -c "$src/test/bench/ab_compact.c" -o "$tmp/rb0.o"
cc -O2 -DAB_MAIN -c "$src/test/bench/ab_compact.c" -o "$tmp/main.o"
# B's model under other names, so that both link into one program
nm -g --defined-only "$tmp/b0.a" | awk 'NF == 3 { print $3 " B_" $3 }' |
	sort -u > "$tmp/syms"
objcopy --redefine-syms="$tmp/syms" "$tmp/b0.a" "$tmp/b.a"
objcopy --redefine-syms="$tmp/syms" "$tmp/rb0.o" "$tmp/rb.o"
cc "$tmp/main.o" "$tmp/ra.o" "$tmp/rb.o" "$tmp/a.a" "$tmp/b.a" -o "$tmp/ab_compact"
"$tmp/ab_compact" "${3:-20}" ${4:-}
