#!/usr/bin/env python3
"""What corolint costs on real coroutine code, against the cost of parsing it.

For every translation unit (TU) this runs, one after the other, and times by
the CPU time (user + sys) of the child process:

  syntax    clang++-19 -fsyntax-only <flags> <tu>                  (the parse)
  floor     clang-tidy-19 --load=<plugin> with one trivial check   (clang-tidy
            and the plugin doing nothing of corolint's)
  corolint  clang-tidy-19 --load=<plugin> -checks='-*,corolint-*'  (every check)
  upstream  clang-tidy-19 with clang-tidy's own four coroutine checks

and prints, per TU set and in total, CPU seconds and the ratios
corolint/syntax, floor/syntax and corolint/upstream. The TU sets:

  project   examples/*.cpp (with the flags of <build>/compile_commands.json)
  asio-doc  the C++20 coroutine examples of Debian's libasio-doc
  realcode  with --realcode RUNNER --corpora DIR: every TU that the real-code
            runner (shared/realcode/run.py --list) lists for its eval corpora

Each command runs --repeat times (default 1); the minimum CPU time counts.
Python 3 standard library only.

  bench/lint_cost.py --build build                        # project + asio-doc
  bench/lint_cost.py --build build --realcode ../shared/realcode/run.py \\
                     --corpora ~/corpora --json lint.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

UPSTREAM_CHECKS = ",".join([
    "cppcoreguidelines-no-suspend-with-lock",
    "misc-coroutine-hostile-raii",
    "cppcoreguidelines-avoid-capturing-lambda-coroutines",
    "cppcoreguidelines-avoid-reference-coroutine-parameters",
])
# A check that only looks at comments: clang-tidy refuses to run with none.
FLOOR_CHECK = "misc-misleading-bidirectional"
ASIO_DOC_DIR = "/usr/share/doc/libasio-dev/examples/cpp17/coroutines_ts"
ASIO_FLAGS = ["-std=c++20", "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"]
RUNS = ("syntax", "floor", "corolint", "upstream")


def cpu_of(cmd: List[str], cwd: Optional[str] = None) -> Tuple[float, int]:
    """Runs cmd, returns (child CPU seconds, exit status)."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, proc.returncode


def commands(tu: str, flags: List[str], plugin: str, clang: str,
             tidy: str) -> Dict[str, List[str]]:
    return {
        "syntax": [clang, "-fsyntax-only", "-w", *flags, tu],
        "floor": [tidy, "--quiet", f"--load={plugin}",
                  f"-checks=-*,{FLOOR_CHECK}", tu, "--", "-w", *flags],
        "corolint": [tidy, "--quiet", f"--load={plugin}",
                     "-checks=-*,corolint-*", tu, "--", "-w", *flags],
        "upstream": [tidy, "--quiet", f"-checks=-*,{UPSTREAM_CHECKS}", tu,
                     "--", "-w", *flags],
    }


def project_tus(root: Path, build: Path) -> List[Tuple[str, List[str]]]:
    db = build / "compile_commands.json"
    if not db.exists():
        raise SystemExit(f"lint_cost.py: {db} not found; build first (make build)")
    entries = json.loads(db.read_text())
    result = []
    for e in entries:
        f = os.path.realpath(os.path.join(e["directory"], e["file"]))
        if not f.startswith(str(root / "examples") + os.sep):
            continue
        args = e.get("arguments") or shlex.split(e["command"])
        flags = []
        skip = False
        for a in args[1:]:
            if skip:
                skip = False
                continue
            if a in ("-o", "-c"):
                skip = a == "-o"
                continue
            if a == f or a.endswith(e["file"]):
                continue
            if a.startswith(("-I", "-D", "-std=", "-isystem")):
                flags.append(a)
        result.append((f, flags))
    return sorted(result)


def asio_doc_tus() -> List[Tuple[str, List[str]]]:
    d = Path(ASIO_DOC_DIR)
    if not d.is_dir():
        return []
    return [(str(p), list(ASIO_FLAGS)) for p in sorted(d.glob("*.cpp"))
            if b"co_await" in p.read_bytes()]


def realcode_tus(runner: str, corpora: str) -> List[Tuple[str, List[str]]]:
    """TUs of the eval corpora, from the runner's --list output."""
    out = subprocess.run([sys.executable, runner, "--corpora", corpora, "--list"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"lint_cost.py: {runner} --list failed: {out.stderr.strip()}")
    result = []
    group, cdir, flags = None, None, []
    for line in out.stdout.splitlines():
        m = re.match(r"^== (\S+) \[(\w+)\]", line)
        if m:
            group, cdir, flags = m.group(2), None, []
            continue
        s = line.strip()
        if s.startswith("dir: "):
            cdir = s[5:]
        elif s.startswith("flags: "):
            flags = [f for f in shlex.split(s[7:]) if f != "-w"]
        elif s.startswith("TU ") and group == "eval" and cdir:
            result.append((os.path.join(cdir, s[3:]), flags))
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build", help="build dir (default: build)")
    ap.add_argument("--plugin", help="default: <build>/lib/libcorolint.so")
    ap.add_argument("--realcode", metavar="RUNNER", help="shared/realcode/run.py")
    ap.add_argument("--corpora", metavar="DIR", help="corpora dir for --realcode")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--max-tus", type=int, help="first N TUs of each set")
    ap.add_argument("--clang", default="clang++-19")
    ap.add_argument("--clang-tidy", default="clang-tidy-19")
    ap.add_argument("--json", metavar="OUT", help="per-TU results")
    args = ap.parse_args()

    root = Path(__file__).resolve().parent.parent
    build = Path(args.build).resolve()
    plugin = args.plugin or str(build / "lib" / "libcorolint.so")
    if not os.path.exists(plugin):
        print(f"lint_cost.py: plugin {plugin} not found; build first", file=sys.stderr)
        return 2
    sets = {"project": project_tus(root, build), "asio-doc": asio_doc_tus()}
    if args.realcode:
        if not args.corpora:
            print("lint_cost.py: --realcode needs --corpora", file=sys.stderr)
            return 2
        sets["realcode"] = realcode_tus(args.realcode, args.corpora)

    rows = []
    totals: Dict[str, Dict[str, float]] = {}
    for name, tus in sets.items():
        if args.max_tus:
            tus = tus[: args.max_tus]
        tot = totals.setdefault(name, {r: 0.0 for r in RUNS} | {"tus": 0})
        for i, (tu, flags) in enumerate(tus, 1):
            cmds = commands(tu, flags, plugin, args.clang, args.clang_tidy)
            cpu = {}
            ok = True
            for r in RUNS:
                best = None
                for _ in range(max(1, args.repeat)):
                    t, rc = cpu_of(cmds[r])
                    # clang-tidy exits 1 when a check finds something.
                    if rc not in (0, 1) or (r == "syntax" and rc != 0):
                        ok = False
                    best = t if best is None else min(best, t)
                cpu[r] = best
            if not ok:
                print(f"[{name} {i}/{len(tus)}] {tu}: does not parse, left out",
                      file=sys.stderr)
                continue
            for r in RUNS:
                tot[r] += cpu[r]
            tot["tus"] += 1
            rows.append({"set": name, "tu": tu, **{r: round(cpu[r], 3) for r in RUNS}})
            print(f"[{name} {i}/{len(tus)}] {os.path.basename(tu)}  " +
                  "  ".join(f"{r} {cpu[r]:.2f}s" for r in RUNS), file=sys.stderr)

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.3f}" if b else "n/a"

    grand = {r: sum(t[r] for t in totals.values()) for r in RUNS}
    grand["tus"] = sum(t["tus"] for t in totals.values())
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {load}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print("| TU set | TUs | syntax CPU s | floor CPU s | corolint CPU s | upstream CPU s "
          "| corolint / syntax | floor / syntax | corolint / upstream |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, t in list(totals.items()) + [("all", grand)]:
        print(f"| {name} | {t['tus']} | {t['syntax']:.1f} | {t['floor']:.1f} | "
              f"{t['corolint']:.1f} | {t['upstream']:.1f} | "
              f"{ratio(t['corolint'], t['syntax'])} | {ratio(t['floor'], t['syntax'])} | "
              f"{ratio(t['corolint'], t['upstream'])} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"totals": totals, "all": grand,
                                               "tus": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
