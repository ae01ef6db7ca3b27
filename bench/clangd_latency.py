#!/usr/bin/env python3
"""How long an editor waits for diagnostics: corolint-clangd against clangd-19.

Opens one large generated coroutine file (aio tasks, locks, sleeps, loops and
lambdas; a few unawaited tasks so corolint has findings to report) in each
server and measures, per run:

  open    didOpen -> the first publishDiagnostics (builds the preamble, then
          the AST, then runs the clang-tidy checks): the issue's target
  edit    didChange of one line -> its publishDiagnostics (preamble reused:
          the main file's AST and the checks only), averaged over --edits

each as wall time and as the server's CPU time (user + sys of all its
threads, from /proc) over the same span. The configurations, in one run,
interleaved run by run so both see the same machine load:

  corolint-clangd  build/bin/corolint-clangd, no .clangd/.clang-tidy: clangd's
                   default checks plus corolint-* (what a user gets)
  clangd-19        stock clangd-19 --clang-tidy=false (no clang-tidy checks)

The median over --runs counts. Standard library only; the LSP client is the
editor tests' (test/editor/lsp_client.py).

  bench/clangd_latency.py --server build/bin/corolint-clangd [--runs 5]
"""

import argparse
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "test" / "editor"))
from lsp_client import LspClient  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def generate_source(functions):
    """A large coroutine file; every 50th function forgets a co_await."""
    parts = [
        "#include <aio/aio.hpp>\n#include <chrono>\n#include <string>\n"
        "#include <vector>\n\nusing namespace std::chrono_literals;\n\n"
        "struct account { int id = 0; long balance = 0; std::string owner; };\n"
        "aio::task<long> fetch_balance(int id);\n"
        "aio::task<> audit(std::string what);\n\n"]
    for i in range(functions):
        forgotten = ("  audit(\"unawaited %d\");\n" % i) if i % 50 == 0 else ""
        parts.append("""\
aio::task<long> settle_{i}(std::vector<account>& accounts, aio::mutex& m) {{
  long total = 0;
  for (auto& a : accounts) {{
    if (a.id % {mod} == 0)
      continue;
    auto guard = co_await m.lock();
    long fresh = co_await fetch_balance(a.id + {i});
    a.balance += fresh;
    total += a.balance;
  }}
  auto log = [&](int n) -> aio::task<> {{
    co_await audit("settled " + std::to_string(n));
  }};
  co_await log({i});
{forgotten}  co_await aio::sleep(1ms);
  co_return total;
}}

""".format(i=i, mod=i % 7 + 2, forgotten=forgotten))
    return "".join(parts)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def count_corolint(diagnostics):
    return sum(1 for d in diagnostics
               if str(d.get("code", "")).startswith("corolint-"))


def measure(command, project, source_text, edits):
    env = dict(os.environ, XDG_CONFIG_HOME=str(project / "xdg"))
    client = LspClient(command + ["--background-index=false", "--log=error"],
                       cwd=str(project), env=env)
    try:
        client.initialize(project.as_uri())
        uri = (project / "ledger.cpp").as_uri()
        pid = client.proc.pid

        cpu0, wall0 = cpu_seconds(pid), time.monotonic()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1,
            "text": source_text}})
        diagnostics = client.diagnostics(uri, version=1, timeout=600)
        result = {"open_wall": time.monotonic() - wall0,
                  "open_cpu": cpu_seconds(pid) - cpu0,
                  "corolint_findings": count_corolint(diagnostics)}

        walls, cpus = [], []
        for version in range(2, 2 + edits):
            text = source_text.replace("  long total = 0;",
                                       "  long total = %d;" % version, 1)
            cpu0, wall0 = cpu_seconds(pid), time.monotonic()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]})
            edited = client.diagnostics(uri, version=version, timeout=600)
            walls.append(time.monotonic() - wall0)
            cpus.append(cpu_seconds(pid) - cpu0)
            result["edit_findings"] = count_corolint(edited)
        result["edit_wall"] = statistics.mean(walls)
        result["edit_cpu"] = statistics.mean(cpus)
        client.shutdown_and_exit()
        return result
    finally:
        client.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server",
                        help="corolint-clangd (build/bin/corolint-clangd)")
    parser.add_argument("--baseline", default="clangd-19")
    parser.add_argument("--runtime-include",
                        default=str(HERE.parent / "runtime" / "include"))
    parser.add_argument("--functions", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--json", help="also write the raw runs here")
    parser.add_argument("--write-source", metavar="FILE",
                        help="only write the generated file to FILE (to "
                        "profile the checks on it with clang-tidy) and exit")
    args = parser.parse_args()
    if args.write_source:
        pathlib.Path(args.write_source).write_text(
            generate_source(args.functions))
        return 0
    if not args.server:
        parser.error("--server is required (unless --write-source)")

    configs = {
        "corolint-clangd": [os.path.abspath(args.server)],
        "clangd-19": [args.baseline, "--clang-tidy=false"],
    }
    source_text = generate_source(args.functions)
    with tempfile.TemporaryDirectory(prefix="corolint-clangd-bench-") as tmp:
        project = pathlib.Path(tmp).resolve()
        (project / "compile_flags.txt").write_text(
            "-xc++\n-std=c++20\n-I%s\n" % os.path.abspath(args.runtime_include))
        (project / "ledger.cpp").write_text(source_text)
        runs = {name: [] for name in configs}
        for run in range(args.runs):
            for name, command in configs.items():
                r = measure(command, project, source_text, args.edits)
                runs[name].append(r)
                print("run %d %-16s open %6.2f s wall %6.2f s cpu   "
                      "edit %6.2f s wall %6.2f s cpu   corolint findings %d"
                      % (run + 1, name, r["open_wall"], r["open_cpu"],
                         r["edit_wall"], r["edit_cpu"],
                         r["corolint_findings"]), flush=True)

    lines = source_text.count("\n")
    print("\n%s, %d cores, load %s; %d lines, %d coroutines (+%d lambdas); "
          "median of %d runs" % (platform.platform(), os.cpu_count(),
                                 " ".join("%.2f" % x for x in os.getloadavg()),
                                 lines, args.functions, args.functions,
                                 args.runs))
    print("| server | didOpen->diagnostics wall | cpu | edit->diagnostics "
          "wall | cpu | corolint findings |")
    print("|---|---|---|---|---|---|")
    med = {}
    for name, rs in runs.items():
        med[name] = {k: statistics.median(r[k] for r in rs)
                     for k in ("open_wall", "open_cpu", "edit_wall", "edit_cpu")}
        print("| %s | %.2f s | %.2f s | %.2f s | %.2f s | %d |" % (
            name, med[name]["open_wall"], med[name]["open_cpu"],
            med[name]["edit_wall"], med[name]["edit_cpu"],
            rs[0]["corolint_findings"]))
    ours, base = med["corolint-clangd"], med["clangd-19"]
    print("| ratio | %.2fx | %.2fx | %.2fx | %.2fx | |" % tuple(
        ours[k] / base[k] for k in ("open_wall", "open_cpu", "edit_wall",
                                    "edit_cpu")))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(runs, indent=1))
    expected = args.functions // 50 + (1 if args.functions % 50 else 0)
    found = {r[k] for r in runs["corolint-clangd"]
             for k in ("corolint_findings", "edit_findings")}
    if found != {expected}:
        print("corolint-clangd reported %s corolint findings, expected %d "
              "on every open and edit: the checks did not run as configured"
              % (sorted(found), expected),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
