#!/bin/sh
# The speed of `corolint` over a project (docs/performance.md, "The tool:
# -j and the result cache"): the same generated files, in one run,
#   -j 1 and -j 2 with --no-cache (the parallel speed-up),
#   -j 2 with a cold cache, then again over the unchanged tree (warm cache),
# and, as the machine's own baseline from the same run, `clang++-19
# -fsyntax-only` of the same files one at a time and two at a time (what
# two processes that share nothing gain on this machine).
# Each figure is the best of REPEAT runs of wall-clock time.
#
# usage: bench/tool_speed.sh BUILD_DIR [FILES=24] [REPEAT=3]
set -eu
BUILD=$(cd "$1" && pwd)
FILES=${2:-24}
REPEAT=${3:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
TOOL=$BUILD/bin/corolint
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

mkdir -p "$WORK/src" "$WORK/build"
printf '[' > "$WORK/build/compile_commands.json"
i=0
while [ $i -lt "$FILES" ]; do
  f=src/unit$i.cpp
  cat > "$WORK/$f" <<CPP
// A coroutine translation unit of realistic size: the standard headers a
// service includes, and a dozen coroutines with a mistake each.
#include "mini.h"
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace unit$i {
mini::task<int> fetch(std::string key);
std::map<std::string, int> table;
CPP
  j=0
  while [ $j -lt 12 ]; do
    cat >> "$WORK/$f" <<CPP
mini::task<int> handler$j(std::vector<std::string> keys) {
  int total = 0;
  for (const auto &k : keys)
    total += co_await fetch(k);
  fetch("forgotten");
  std::sort(keys.begin(), keys.end());
  co_return total + int(table.size());
}
CPP
    j=$((j + 1))
  done
  echo "} // namespace unit$i" >> "$WORK/$f"
  [ $i -gt 0 ] && printf ',' >> "$WORK/build/compile_commands.json"
  printf '{"directory": "%s", "file": "%s", "command": "clang++ -std=c++20 -I%s/test/checks/Inputs -c %s"}' \
    "$WORK" "$f" "$SRC" "$f" >> "$WORK/build/compile_commands.json"
  i=$((i + 1))
done
printf ']' >> "$WORK/build/compile_commands.json"

# Best wall-clock seconds of REPEAT runs of "$@" (in the project).
best() {
  b=""
  r=0
  while [ $r -lt "$REPEAT" ]; do
    [ -n "${BEFORE:-}" ] && sh -c "$BEFORE"
    s=$(date +%s.%N)
    (cd "$WORK" && "$@" > /dev/null 2>&1) || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    r=$((r + 1))
  done
  echo "$b"
}

echo "machine: $(nproc) cores, $(uname -srm); load: $(uptime | sed 's/.*load average/load average/')"
echo "files: $FILES, best of $REPEAT"
SYNTAX="clang++-19 -std=c++20 -fsyntax-only -I$SRC/test/checks/Inputs"
s1=$(best sh -c "ls src/*.cpp | xargs -P 1 -n 1 $SYNTAX")
s2=$(best sh -c "ls src/*.cpp | xargs -P 2 -n 1 $SYNTAX")
j1=$(best "$TOOL" --no-cache -j 1 -p build src)
j2=$(best "$TOOL" --no-cache -j 2 -p build src)
BEFORE="rm -rf '$WORK/build/.corolint-cache'"
cold=$(best "$TOOL" -j 2 -p build src)
BEFORE=""
warm=$(best "$TOOL" -j 2 -p build src)
printf '%-40s %8.2f s\n' "clang++-19 -fsyntax-only, 1 at a time" "$s1"
printf '%-40s %8.2f s   speed-up %.2fx\n' "clang++-19 -fsyntax-only, 2 at a time" "$s2" "$(echo "$s1 / $s2" | bc -l)"
printf '%-40s %8.2f s\n' "-j 1 --no-cache" "$j1"
printf '%-40s %8.2f s   speed-up %.2fx\n' "-j 2 --no-cache" "$j2" "$(echo "$j1 / $j2" | bc -l)"
printf '%-40s %8.2f s\n' "-j 2, cold cache" "$cold"
printf '%-40s %8.2f s   %.1f%% of cold\n' "-j 2, warm cache (unchanged tree)" "$warm" "$(echo "100 * $warm / $cold" | bc -l)"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
