#!/usr/bin/python3
"""Python asyncio (and uvloop, where installed) on the workloads of the C++
benchmarks in bench/; the sizes match bench/common.hpp.

Usage: /usr/bin/python3 bench/asyncio_bench.py [--loop asyncio|uvloop|all]
                                              [--budget SECONDS] [--only W,...]

Prints one JSON object on stdout:
  {"python": "3.11.2", "uvloop": "0.17.0" | null,
   "results": {"asyncio": {WORKLOAD: {"ns_per_op": F, "ops": N, ...}, ...},
               "uvloop":  {...} | {"error": "not installed"}}}
For tcp_throughput the entry also has "bytes_per_second"; tcp_echo_conns_10
and tcp_echo_conns_100 (a server process with its own loop, the client loop
here) report "requests_per_second" and ns_per_op per request. task_memory gives
"bytes_per_task" (tracemalloc: Python-level allocations of one task parked
in asyncio.sleep). Each timed workload runs for about --budget seconds after
a calibration pass; the figure is the median of three runs. Workloads that
never wait (CPU_BOUND) are timed in process CPU time, the others in wall-clock
time, as in the C++ benchmarks.

Use Debian's /usr/bin/python3: it has python3-uvloop.
"""

import argparse
import asyncio
import gc
import json
import multiprocessing
import socket
import statistics
import sys
import time
import tracemalloc

# Keep in sync with bench/common.hpp.
GATHER_N = 100
SLEEPERS = 100_000
SLEEP_S = 0.001
ECHO_MSG = 64
TPUT_CHUNK = 64 * 1024
TPUT_BYTES = 32 << 20
MEM_TASKS = 10_000
CONN_MSG = 1024
CONN_ROUNDS = 10
CONN_REQUESTS = 20_000  # requests per timed run of a many-connection workload


async def leaf(i):
    return i + 1


async def create_await(n):
    for i in range(n):
        await leaf(i)


async def spawn_join(n):
    for i in range(n):
        await asyncio.create_task(leaf(i))


async def gather_100(n):
    for _ in range(n):
        await asyncio.gather(*[leaf(k) for k in range(GATHER_N)])


async def _handoff(n, lock):
    stop = False

    async def other():
        while not stop:
            async with lock:
                await asyncio.sleep(0)

    t = asyncio.create_task(other())
    for _ in range(n):
        async with lock:
            await asyncio.sleep(0)
    stop = True
    await t


async def mutex_handoff(n):
    await _handoff(n, asyncio.Lock())


async def semaphore_handoff(n):
    await _handoff(n, asyncio.Semaphore(1))


async def queue_pingpong(n):
    ping, pong = asyncio.Queue(1), asyncio.Queue(1)

    async def echo():
        while True:
            v = await ping.get()
            if v < 0:
                return
            await pong.put(v + 1)

    t = asyncio.create_task(echo())
    i = 0
    for _ in range(n):
        await ping.put(i)
        i = await pong.get()
    await ping.put(-1)
    await t


async def sleep_100k(n):
    for _ in range(n):
        await asyncio.gather(*[asyncio.sleep(SLEEP_S) for _ in range(SLEEPERS)])


async def _with_echo_server(client):
    async def session(reader, writer):
        try:
            while True:
                data = await reader.read(TPUT_CHUNK)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        await client(reader, writer)
    finally:
        writer.close()
        await writer.wait_closed()
        server.close()
        await server.wait_closed()


async def tcp_echo_rtt(n):
    msg = b"x" * ECHO_MSG

    async def client(reader, writer):
        for _ in range(n):
            writer.write(msg)
            await writer.drain()
            await reader.readexactly(ECHO_MSG)

    await _with_echo_server(client)


async def tcp_throughput(n):
    # 64 KiB requests echoed back whole, one at a time (as in the C++ ones).
    chunk = b"x" * TPUT_CHUNK

    async def client(reader, writer):
        for _ in range(n * (TPUT_BYTES // TPUT_CHUNK)):
            writer.write(chunk)
            await writer.drain()
            await reader.readexactly(TPUT_CHUNK)

    await _with_echo_server(client)


# Many connections: a server process (its own interpreter and loop, so the
# GIL is not shared) echoes `conns` connections; the client loop here drives
# them all at once. One iteration = every connection does CONN_ROUNDS
# requests of CONN_MSG bytes (a gather of one client coroutine per
# connection), as in the C++ benchmarks.
def _conn_server(kind, conns, port_pipe):
    async def main():
        finished = asyncio.Event()
        left = conns

        async def session(reader, writer):
            nonlocal left
            writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                while True:
                    data = await reader.read(TPUT_CHUNK)
                    if not data:
                        break
                    writer.write(data)
                    await writer.drain()
            finally:
                writer.close()
                left -= 1
                if left == 0:
                    finished.set()

        server = await asyncio.start_server(session, "127.0.0.1", 0, backlog=conns)
        port_pipe.send(server.sockets[0].getsockname()[1])
        await finished.wait()
        server.close()
        await server.wait_closed()

    loop = new_loop(kind)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()


def timed_conns(kind, conns, iterations):
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(target=_conn_server, args=(kind, conns, child))
    server.start()
    port = parent.recv()
    msg = b"x" * CONN_MSG

    async def client():
        conns_rw = []
        for _ in range(conns):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conns_rw.append((reader, writer))

        async def rounds(reader, writer):
            for _ in range(CONN_ROUNDS):
                writer.write(msg)
                await writer.drain()
                await reader.readexactly(CONN_MSG)

        t0 = time.perf_counter_ns()
        for _ in range(iterations):
            await asyncio.gather(*[rounds(r, w) for r, w in conns_rw])
        took = time.perf_counter_ns() - t0
        for _, w in conns_rw:
            w.close()
        for _, w in conns_rw:
            await w.wait_closed()
        return took

    loop = new_loop(kind)
    try:
        gc.collect()
        return loop.run_until_complete(client())
    finally:
        loop.close()
        server.join(timeout=30)
        if server.is_alive():
            server.kill()


def measure_conns(kind, conns):
    iterations = max(1, CONN_REQUESTS // (conns * CONN_ROUNDS))
    requests = iterations * conns * CONN_ROUNDS
    took = statistics.median(timed_conns(kind, conns, iterations) for _ in range(3))
    return {"ns_per_op": took / requests, "ops": requests, "runs": 3, "clock": "wall",
            "requests_per_second": requests / (took / 1e9)}


CONN_WORKLOADS = {"tcp_echo_conns_10": 10, "tcp_echo_conns_100": 100}


# name -> (coroutine function taking an op count, ops per call unit,
#          fixed op count or None to calibrate)
WORKLOADS = {
    "create_await": (create_await, None),
    "spawn_join": (spawn_join, None),
    "gather_100": (gather_100, None),
    "mutex_handoff": (mutex_handoff, None),
    "semaphore_handoff": (semaphore_handoff, None),
    "queue_pingpong": (queue_pingpong, None),
    "sleep_100k": (sleep_100k, 1),       # one batch per run: ~0.5 s each
    "tcp_echo_rtt": (tcp_echo_rtt, 20_000),
    "tcp_throughput": (tcp_throughput, 1),
}


def new_loop(kind):
    if kind == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


# Workloads that never wait for a timer or a socket are timed in process CPU
# time, like the C++ ones (Google Benchmark's default), so that other load on
# a shared machine does not count; the others in wall-clock time.
CPU_BOUND = {"create_await", "spawn_join", "gather_100", "mutex_handoff", "semaphore_handoff", "queue_pingpong"}


def timed(kind, fn, n, cpu):
    clock = time.process_time_ns if cpu else time.perf_counter_ns
    loop = new_loop(kind)
    try:
        gc.collect()
        t0 = clock()
        loop.run_until_complete(fn(n))
        return clock() - t0
    finally:
        loop.close()


def measure(kind, name, budget):
    fn, fixed = WORKLOADS[name]
    cpu = name in CPU_BOUND
    if fixed is not None:
        n = fixed
    else:
        n = 1000
        while True:  # calibrate: grow n until one run takes >= budget/10
            took = timed(kind, fn, n, cpu)
            if took >= budget * 1e9 / 10 or n >= 10**8:
                break
            n *= 10
        n = max(1, int(n * budget * 1e9 / max(took, 1)))
    runs = 1 if name == "sleep_100k" and budget < 0.5 else 3
    took = statistics.median(timed(kind, fn, n, cpu) for _ in range(runs))
    out = {"ns_per_op": took / n, "ops": n, "runs": runs, "clock": "cpu" if cpu else "wall"}
    if name == "tcp_throughput":
        out["bytes_per_second"] = n * TPUT_BYTES / (took / 1e9)
    return out


async def _parked_tasks():
    # Warm-up batch (as in the C++ benchmarks), then the measured one.
    await asyncio.gather(*[asyncio.sleep(SLEEP_S) for _ in range(MEM_TASKS)])
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(asyncio.sleep(60)) for _ in range(MEM_TASKS)]
    await asyncio.sleep(0)  # every task runs up to its sleep
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    # The list holding the tasks is the caller's storage (8 B a task), as the
    # reserved join-handle vector is in the C++ benchmarks: subtract it.
    return (after - before - sys.getsizeof(tasks)) / MEM_TASKS


def task_memory(kind):
    loop = new_loop(kind)
    try:
        return {"bytes_per_task": loop.run_until_complete(_parked_tasks())}
    finally:
        loop.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loop", choices=["asyncio", "uvloop", "all"], default="all")
    ap.add_argument("--budget", type=float, default=0.3, help="seconds per timed run (default 0.3)")
    ap.add_argument("--only", default="", help="comma-separated workloads (default: all)")
    args = ap.parse_args()

    names = [w for w in args.only.split(",") if w] or list(WORKLOADS) + list(CONN_WORKLOADS)
    for w in names:
        if w not in WORKLOADS and w not in CONN_WORKLOADS and w != "task_memory":
            ap.error(f"unknown workload {w}")
    try:
        import uvloop

        uv_version = uvloop.__version__
    except ImportError:
        uv_version = None

    kinds = ["asyncio", "uvloop"] if args.loop == "all" else [args.loop]
    results = {}
    for kind in kinds:
        if kind == "uvloop" and uv_version is None:
            results[kind] = {"error": "not installed"}
            continue
        res = {}
        for name in names:
            if name == "task_memory":
                continue
            print(f"asyncio_bench: {kind} {name}", file=sys.stderr, flush=True)
            try:
                if name in CONN_WORKLOADS:
                    res[name] = measure_conns(kind, CONN_WORKLOADS[name])
                else:
                    res[name] = measure(kind, name, args.budget)
            except Exception as e:  # report, keep going
                res[name] = {"error": f"{type(e).__name__}: {e}"}
        if "task_memory" in names or not args.only:
            res["task_memory"] = task_memory(kind)
        results[kind] = res

    json.dump({"python": sys.version.split()[0], "uvloop": uv_version, "results": results}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
