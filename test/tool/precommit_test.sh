#!/bin/sh
# The pre-commit hook of .pre-commit-hooks.yaml, run by Debian's pre-commit
# in a temporary git repository with this repository as the hook repository:
# a commit with a mistake is refused and shows the finding, SKIP=corolint
# skips the hook, a clean commit passes, a staged header is skipped with a
# note.
#
# usage: precommit_test.sh SOURCE_DIR TOOL_DIR   (exit 77: skipped)
set -u
SRC=$1
TOOL_DIR=$2
INPUTS=$SRC/test/checks/Inputs
command -v pre-commit >/dev/null || { echo "pre-commit is not installed"; exit 77; }
REV=$(git -C "$SRC" rev-parse HEAD 2>/dev/null) || { echo "$SRC is not a git checkout"; exit 77; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK" PRE_COMMIT_HOME="$WORK/pre-commit-cache" PATH="$TOOL_DIR:$PATH"
export GIT_CONFIG_NOSYSTEM=1
fail() { echo "FAIL: $*"; exit 1; }

cd "$WORK" && git init -q repo && cd repo || exit 1
git config user.email test@example.com
git config user.name test
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $SRC
    rev: $REV
    hooks:
      - id: corolint
        args: [-p, build]
        verbose: true
YAML
mkdir build
printf -- '-std=c++20\n-I%s\n' "$INPUTS" > build/compile_flags.txt
echo build/ > .gitignore
git add .pre-commit-config.yaml .gitignore
git commit -qm "set up pre-commit" || fail "first commit"
pre-commit install || fail "pre-commit install"

cat > bad.cpp <<'CPP'
#include "mini.h"
mini::task<int> compute();
mini::task<> bad() {
  compute();
  co_return;
}
CPP
git add bad.cpp
if git commit -m "a mistake" > out.txt 2>&1; then
  cat out.txt; fail "the commit with a mistake was accepted"
fi
grep -q "bad.cpp:4:3: warning: task returned by 'compute' is discarded without being awaited \[corolint-unawaited-task\]" out.txt \
  || { cat out.txt; fail "the finding is not shown"; }
echo "refused, with the finding: ok"

SKIP=corolint git commit -qm "skipped" > out.txt 2>&1 || { cat out.txt; fail "SKIP=corolint did not skip"; }
grep -q "corolint.*Skipped" out.txt || { cat out.txt; fail "no 'Skipped' line"; }
echo "SKIP=corolint: ok"

sed -i 's/  compute();/  co_await compute();/' bad.cpp
cat > util.h <<'CPP'
#pragma once
inline int answer() { return 42; }
CPP
git add bad.cpp util.h
git commit -m "fixed" > out.txt 2>&1 || { cat out.txt; fail "the clean commit was refused"; }
grep -q "corolint.*Passed" out.txt || { cat out.txt; fail "no 'Passed' line"; }
grep -q "skipping header 'util.h'" out.txt || { cat out.txt; fail "the header was not skipped with a note"; }
echo "clean commit passes, header skipped with a note: ok"
