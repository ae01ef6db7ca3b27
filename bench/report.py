#!/usr/bin/python3
"""Side-by-side table of the benchmark results written by bench/run.sh.

Usage: /usr/bin/python3 bench/report.py RESULTS_DIR [--markdown]

RESULTS_DIR holds aio.json, asio.json, bare.json (Google Benchmark
--benchmark_format=json) and python.json (bench/asyncio_bench.py). A missing
file, a workload an implementation does not have, and an aio workload that
reports "not yet available" each show as text instead of a number.
Standard library only.
"""

import json
import os
import sys

# (key, label, kind): kind "time" = lower is better, shown per op;
# "tput" = bytes per second, "rps" = requests per second, higher is better.
WORKLOADS = [
    ("create_await", "task create + await", "time"),
    ("spawn_join", "spawn + join", "time"),
    ("gather_100", "gather of 100 tasks", "time"),
    ("mutex_handoff", "mutex hand-off (2 tasks)", "time"),
    ("semaphore_handoff", "semaphore hand-off (2 tasks)", "time"),
    ("queue_pingpong", "queue ping-pong round trip", "time"),
    ("sleep_100k", "100k concurrent 1 ms sleeps", "time"),
    ("tcp_echo_rtt", "TCP echo round trip (64 B)", "time"),
    ("tcp_throughput", "TCP echo throughput (64 KiB writes)", "tput"),
    ("tcp_echo_conns_10", "TCP echo, 10 connections (1 KiB requests)", "rps"),
    ("tcp_echo_conns_100", "TCP echo, 100 connections (1 KiB requests)", "rps"),
]
# Never wait for a timer or a socket: timed in CPU time (of the benchmark
# thread, or the Python process) so that other load on a shared machine does
# not count. The rest in wall-clock time.
CPU_BOUND = {"create_await", "spawn_join", "gather_100", "mutex_handoff", "semaphore_handoff", "queue_pingpong"}
COLUMNS = ["aio", "asio", "bare", "asyncio", "uvloop"]
HEADERS = {"aio": "aio", "asio": "Asio", "bare": "bare task", "asyncio": "asyncio", "uvloop": "uvloop"}
NOT_APPLICABLE = {"bare": {k for k, _, _ in WORKLOADS if k != "create_await"}}
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


class Cell:
    """A measured value (ns per op, or bytes per second) or a reason why not."""

    def __init__(self, value=None, text=None):
        self.value, self.text = value, text


def load_gbench(path):
    if not os.path.exists(path):
        return None, {}
    with open(path) as f:
        doc = json.load(f)
    out = {}
    for b in doc.get("benchmarks", []):
        key = b.get("run_name", b["name"]).split("/")[0]
        if b.get("error_occurred"):
            out[key] = {"error": b.get("error_message", "error")}
            continue
        # With --benchmark_repetitions the median aggregate wins over the
        # single runs; without, the single run is all there is.
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        if key in out and out[key].get("aggregate") and b.get("run_type") != "aggregate":
            continue
        clock = "cpu_time" if key in CPU_BOUND else "real_time"
        entry = {"ns_per_op": b[clock] * UNIT_NS[b.get("time_unit", "ns")],
                 "aggregate": b.get("run_type") == "aggregate"}
        for k in ("bytes_per_second", "items_per_second", "new_bytes_per_task", "heap_bytes_per_task", "allocs_per_task", "record_bytes"):
            if k in b:
                entry[k] = b[k]
        out[key] = entry
    return doc.get("context", {}), out


def load_python(path):
    if not os.path.exists(path):
        return None, {}
    with open(path) as f:
        doc = json.load(f)
    return doc, doc.get("results", {})


def cell(results, column, key, kind):
    if key in NOT_APPLICABLE.get(column, ()):
        return Cell(text="n/a")
    if results is None:
        return Cell(text="not run")
    if "error" in results and len(results) == 1:  # e.g. uvloop not installed
        return Cell(text=results["error"])
    r = results.get(key)
    if r is None:
        return Cell(text="missing")
    if "error" in r:
        return Cell(text=r["error"])
    if kind == "tput":
        return Cell(value=r.get("bytes_per_second"))
    if kind == "rps":  # Google Benchmark: items (requests) per second
        return Cell(value=r.get("requests_per_second", r.get("items_per_second")))
    return Cell(value=r["ns_per_op"])


def fmt_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def fmt(c, kind):
    if c.value is None:
        return c.text
    if kind == "rps":
        return f"{c.value / 1e3:.1f} k req/s"
    return fmt_time(c.value) if kind == "time" else f"{c.value / 1e6:.0f} MB/s"


def speedup(aio, other, kind):
    """How many times faster aio is than `other` (> 1: aio faster)."""
    if aio.value is None or other.value is None or aio.value == 0 or other.value == 0:
        return None
    return other.value / aio.value if kind == "time" else aio.value / other.value


def fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}×"


def render(rows, headers, markdown):
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda r: "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths)))
    return "\n".join([line(headers), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 2
    d, markdown = argv[1], "--markdown" in argv
    ctx, res = {}, {}
    for impl in ("aio", "asio", "bare"):
        c, r = load_gbench(os.path.join(d, f"{impl}.json"))
        res[impl] = r if c is not None else None
        if c:
            ctx = c
    pydoc, py = load_python(os.path.join(d, "python.json"))
    for kind in ("asyncio", "uvloop"):
        res[kind] = py.get(kind) if pydoc is not None else None

    out = []
    h = (lambda s: f"### {s}") if markdown else (lambda s: f"== {s}")
    if ctx:
        load = ", ".join(f"{x:.2f}" for x in ctx.get("load_avg", []))
        out.append(f"{ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz, "
                   f"load average before the C++ runs: {load or '?'}; "
                   f"Python {pydoc.get('python', '?') if pydoc else '?'}, "
                   f"uvloop {pydoc.get('uvloop') if pydoc else '?'}")
        out.append("")

    # Main table.
    headers = ["workload"] + [HEADERS[c] for c in COLUMNS] + [f"aio vs {HEADERS[c]}" for c in COLUMNS[1:]]
    rows, cells = [], {}
    for key, label, kind in WORKLOADS:
        cs = {c: cell(res[c], c, key, kind) for c in COLUMNS}
        cells[key] = cs
        unit = " (per op)" if kind == "time" else ""
        if key == "gather_100":
            unit = " (per gather)"
        elif key == "sleep_100k":
            unit = " (per batch)"
        rows.append([label + unit] + [fmt(cs[c], kind) for c in COLUMNS] +
                    [fmt_ratio(speedup(cs["aio"], cs[c], kind)) for c in COLUMNS[1:]])
    out.append(h("Workloads"))
    out.append("")
    out.append(render(rows, headers, markdown))
    out.append("")
    out.append("Times per operation, lower is better: CPU time for the first six rows (nothing "
               "waits there), wall-clock time for sleeps and TCP; medians of 3 runs. Throughput is "
               "bytes echoed per second, and the many-connection rows requests per second (server and "
               "client on their own loop threads, Python: processes), higher is better. 'aio vs X' = how many times faster aio is than X "
               "(> 1: aio faster, < 1: aio slower).")
    out.append("")

    # Memory table.
    mrows = []
    for c in COLUMNS:
        r = (res[c] or {}).get("task_memory") if res[c] is not None else None
        if not r or "error" in r:
            mrows.append([HEADERS[c], "—", "—", "—", (r or {}).get("error", "not run")])
            continue
        if "bytes_per_task" in r:  # Python: tracemalloc
            mrows.append([HEADERS[c], "—", "—", f"{r['bytes_per_task']:.0f}", "tracemalloc, task parked in asyncio.sleep"])
            continue
        note = {"aio": "spawned task parked in aio::sleep",
                "asio": "co_spawn'ed coroutine parked in steady_timer wait; frames via aligned_alloc, not operator new",
                "bare": "frame of the leaf task (no scheduler)"}[c]
        if c == "aio" and "record_bytes" in r:
            note += f"; spawn record {r['record_bytes']:.0f} B, rest is the frame"
        mrows.append([HEADERS[c], f"{r['new_bytes_per_task']:.0f}", f"{r['allocs_per_task']:.2f}",
                      f"{r['heap_bytes_per_task']:.0f}", note])
    out.append(h("Memory per task"))
    out.append("")
    out.append(render(mrows, ["implementation", "operator new B/task", "allocs/task", "live heap B/task", "what"], markdown))
    out.append("")

    # Targets.
    def target(name, ok, detail):
        status = "not measurable" if ok is None else ("MET" if ok else "MISSED")
        return [name, status, detail]

    trows = []
    ca, cb = cells["create_await"]["aio"], cells["create_await"]["bare"]
    r = None if ca.value is None or cb.value is None else ca.value / cb.value
    trows.append(target("create+await within 1.0× of the bare lazy task", None if r is None else r <= 1.0,
                        "—" if r is None else f"aio/bare = {r:.2f}× (time)"))
    s = speedup(cells["create_await"]["aio"], cells["create_await"]["asio"], "time")
    trows.append(target("create+await at most Asio's time", None if s is None else s >= 1,
                        "—" if s is None else f"aio is {s:.2f}× Asio's speed"))
    for key, label in (("spawn_join", "spawn+join"), ("gather_100", "gather")):
        s = speedup(cells[key]["aio"], cells[key]["asio"], "time")
        trows.append(target(f"{label} ≥ 2× faster than Asio co_spawn", None if s is None else s >= 2,
                            "—" if s is None else f"aio is {s:.2f}× Asio's speed"))
    for key, label in (("tcp_echo_conns_10", "10"), ("tcp_echo_conns_100", "100")):
        s = speedup(cells[key]["aio"], cells[key]["asio"], "rps")
        trows.append(target(f"TCP echo over {label} connections ≥ Asio's rate", None if s is None else s >= 1,
                            "—" if s is None else f"aio/Asio = {s:.2f}×"))
    slower = []
    measurable = True
    for key, label, kind in WORKLOADS:
        s = speedup(cells[key]["aio"], cells[key]["asio"], kind)
        if s is None:
            measurable = False
        elif s < 1:
            slower.append(f"{label} {s:.2f}×")
    trows.append(target("every row at least Asio's speed", None if not measurable and not slower else not slower,
                        "all rows ≥ 1.00×" if not slower and measurable else ("slower: " + "; ".join(slower) if slower else "—")))
    s = speedup(cells["spawn_join"]["aio"], cells["spawn_join"]["asyncio"], "time")
    trows.append(target("spawn+join ≥ 50× faster than asyncio create_task", None if s is None else s >= 50,
                        "—" if s is None else f"aio is {s:.1f}× asyncio's speed"))
    mem = (res["aio"] or {}).get("task_memory") if res["aio"] is not None else None
    if mem and "new_bytes_per_task" in mem:
        b, hb = mem["new_bytes_per_task"], mem["heap_bytes_per_task"]
        trows.append(target("per-task memory ≤ 200 B", b <= 200,
                            f"{b:.0f} B requested ({hb:.0f} B of live heap incl. malloc headers)"))
    else:
        trows.append(target("per-task memory ≤ 200 B", None, "—"))
    out.append(h("Targets"))
    out.append("")
    out.append(render(trows, ["target", "status", "measured"], markdown))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
