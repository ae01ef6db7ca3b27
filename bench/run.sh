#!/usr/bin/env bash
# Runs every benchmark of bench/ in one invocation and prints the side-by-side
# table: aio, standalone Asio, the bare lazy task (Google Benchmark binaries
# in <build-dir>/bin) and Python asyncio/uvloop (bench/asyncio_bench.py).
#
#   bench/run.sh <build-dir>       (make bench: bench/run.sh build-bench)
#
# Results go to <build-dir>/bench-results/ (override: BENCH_OUT=dir):
# aio.json asio.json bare.json python.json machine.txt, table.txt and table.md.
# BENCH_MIN_TIME (seconds per Google Benchmark, default 0.2) and BENCH_PY_BUDGET
# (seconds per Python workload run, default 0.2) trade time for stability;
# the defaults keep the whole run under about three minutes on 2 cores.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <build-dir>" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${BENCH_OUT:-$build/bench-results}
min_time=${BENCH_MIN_TIME:-0.2}
py_budget=${BENCH_PY_BUDGET:-0.2}
mkdir -p "$out"
rm -f "$out"/{aio,asio,bare,python}.json

# Debian's interpreter has python3-uvloop; a pyenv python3 on PATH does not.
py=/usr/bin/python3
[[ -x $py ]] || py=$(command -v python3)

{
  echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kernel: $(uname -r)"
  echo "nproc:  $(nproc)"
  echo "load:   $(cut -d' ' -f1-3 /proc/loadavg)"
  lscpu | head -20
} > "$out/machine.txt"

status=0
for impl in aio asio bare; do
  bin=$build/bin/bench_$impl
  if [[ ! -x $bin ]]; then
    echo "run.sh: $bin not built (configure with -DCOROLINT_BUILD_BENCH=ON)" >&2
    status=1
    continue
  fi
  echo "run.sh: bench_$impl" >&2
  if ! "$bin" --benchmark_format=json --benchmark_min_time="$min_time" \
       --benchmark_repetitions=3 > "$out/$impl.json"; then
    echo "run.sh: bench_$impl failed" >&2
    status=1
  fi
done

echo "run.sh: asyncio_bench.py ($py)" >&2
if ! "$py" "$here/asyncio_bench.py" --budget "$py_budget" > "$out/python.json"; then
  echo "run.sh: asyncio_bench.py failed" >&2
  rm -f "$out/python.json"
  status=1
fi

"$py" "$here/report.py" "$out" --markdown > "$out/table.md"
"$py" "$here/report.py" "$out" | tee "$out/table.txt"
echo
echo "run.sh: results in $out (machine.txt, *.json, table.md)"
exit $status
