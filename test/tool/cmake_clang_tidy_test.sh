#!/bin/sh
# The plugin through CMake's CMAKE_CXX_CLANG_TIDY (docs/ci.md): a build with a
# coroutine mistake fails and shows the finding; the fixed build passes.
#
# usage: cmake_clang_tidy_test.sh SOURCE_DIR CLANG_TIDY PLUGIN CXX_COMPILER
set -u
SRC=$1 CLANG_TIDY=$2 PLUGIN=$3 CXX=$4
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat > "$WORK/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(uses_corolint CXX)
set(CMAKE_CXX_STANDARD 20)
add_library(app STATIC app.cpp)
target_include_directories(app PRIVATE "$SRC/test/checks/Inputs")
CMAKE
cat > "$WORK/app.cpp" <<'CPP'
#include "mini.h"
mini::task<int> compute();
mini::task<> bad() {
  compute();
  co_return;
}
CPP
cmake -S "$WORK" -B "$WORK/build" -G Ninja -DCMAKE_CXX_COMPILER="$CXX" \
  "-DCMAKE_CXX_CLANG_TIDY=$CLANG_TIDY;--load=$PLUGIN;--checks=-*,corolint-*;--warnings-as-errors=corolint-*" \
  > "$WORK/configure.txt" 2>&1 || { cat "$WORK/configure.txt"; fail "configure"; }
if ninja -C "$WORK/build" > "$WORK/out.txt" 2>&1; then
  cat "$WORK/out.txt"; fail "the build with a mistake passed"
fi
grep -q "app.cpp:4:3: error: task returned by 'compute' is discarded without being awaited \[corolint-unawaited-task,-warnings-as-errors\]" "$WORK/out.txt" \
  || { cat "$WORK/out.txt"; fail "the finding is not shown"; }
echo "mistake fails the build: ok"
sed -i 's/  compute();/  co_await compute();/' "$WORK/app.cpp"
ninja -C "$WORK/build" > "$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt"; fail "the fixed build failed"; }
echo "fixed build passes: ok"
