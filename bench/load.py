"""Benchmark: load and faults, bounded, on 127.0.0.1 only. Starts its own gunicorn (gunicorn.conf.py,
2 workers) on the built data with Redis as the cache, and drives it with wrk (Debian's `wrk`) over
a mix of pages, callbacks, geometry and exports, in four runs:

1. steady load;
2. the same with one worker killed (SIGKILL) a third of the way in: errors beyond the requests in
   flight at that moment would be a failure;
3. the same with Redis stopped a third of the way in and started again two thirds in: any 5xx
   would be a failure;
4. eight slow clients holding connections open (a header byte every second), and /healthz timed
   meanwhile: goal under 1 s;
5. renders: 20 cold LSOA-map PNGs at scale 2 and 5 cold board-pack PDFs at once, from one client,
   with /healthz and / timed every 100 ms meanwhile (goal: p95 under 200 ms on 2 workers; renders
   beyond a worker's slot and queue answer 503 with Retry-After); then 100 exports, counting the
   server's Chromium and LibreOffice processes after each step and after it stops (goal: no
   growth, none left).

`--only renders` runs the fifth alone.

Run: `make bench-load` (needs `apt-get install wrk`). Results: bench/results/load.json.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench import save_results
from bench.page_budgets import benchmark_bodies
from dashboard.config import PROJECT_DIR

SECONDS = 20
CONNECTIONS = 16
THREADS = 2
SLOW_CLIENTS = 8
SLOW_CLIENTS_HIGH = 24  # three times the goal's count, to show the margin
GETS = ("/", "/map", "/inequalities", "/area?area=W11000030", "/geo/la.geojson", "/geo/lsoa21.geojson",
        "/export/quintiles.csv", "/export/quintiles.png", "/embed/sii", "/healthz")  # fmt: skip
LUA = """
local requests = %s
local index = 0
request = function()
  index = index %% #requests + 1
  local item = requests[index]
  return wrk.format(item.method, item.path, item.headers, item.body)
end
done = function(summary, latency, requests_)
  io.write(string.format("JSON{\\"p50\\":%%d,\\"p95\\":%%d,\\"p99\\":%%d,\\"max\\":%%d}\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def lua_script(url: str) -> str:
    posts = [body for bodies in benchmark_bodies(url).values() for body in bodies]
    items = [{"method": "GET", "path": path, "headers": {"Accept-Encoding": "gzip"}} for path in GETS]
    post_headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
    items += [{"method": "POST", "path": "/_dash-update-component", "body": body.decode(), "headers": post_headers}
              for body in posts]  # fmt: skip

    def lua(value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"[{json.dumps(k)}] = {lua(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "{" + ", ".join(lua(v) for v in value) + "}"
        return json.dumps(value) if isinstance(value, str) else "nil"

    return LUA % lua(items)


def run_wrk(url: str, script: Path, during: Any = None) -> dict[str, Any]:
    """wrk for SECONDS; `during(elapsed_fraction_callback)` runs a fault alongside."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", str(script), url]
    fault = threading.Thread(target=during) if during else None
    if fault:
        fault.start()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if fault:
        fault.join()
    latency = json.loads(re.search(r"JSON(\{.*\})", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": total, "requests_per_second": round(total / SECONDS, 1),
        "p50_ms": round(latency["p50"] / 1000, 1), "p95_ms": round(latency["p95"] / 1000, 1),
        "p99_ms": round(latency["p99"] / 1000, 1), "max_ms": round(latency["max"] / 1000, 1),
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }  # fmt: skip


def slow_clients(host: str, port: int, stop: threading.Event, count: int) -> None:
    """`count` connections sending a request one header byte a second until stopped."""
    sockets = []
    for _ in range(count):
        client = socket.create_connection((host, port))
        client.sendall(b"GET /map HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sockets.append(client)
    while not stop.wait(1.0):
        for client in sockets:
            with contextlib.suppress(OSError):
                client.sendall(b"X")
    for client in sockets:
        client.close()


def healthz_times(url: str, count: int = 10) -> list[float]:
    """Milliseconds for each of `count` /healthz requests (10,000 for one that did not answer in 10 s)."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
                response.read()
            times.append(round((time.perf_counter() - started) * 1000, 1))
        except OSError:
            times.append(10_000.0)
        time.sleep(0.5)
    return times


LSOA_MAPS = [f"/export/map.png?measure={measure}&scale=2&size={size}&lang={lang}"
             for measure in ("wimd2019-quintile", "wimd2025-quintile", "wimd2019-rank", "wimd2025-rank")
             for size in ("standard", "slide") for lang in ("en", "cy")]  # fmt: skip
BOARDS = ("W11000023", "W11000024", "W11000025", "W11000028", "W11000029")
RENDER_GOAL_MS = 200


def _process_table() -> tuple[dict[int, int], dict[int, str]]:
    """(parent of each process, command of each process), read from /proc."""
    parent_of: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parent_of[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parent_of, commands


def descendants(pid: int) -> list[tuple[int, int, str]]:
    """(pid, parent, command) of every process under `pid`."""
    parent_of, commands = _process_table()
    children: dict[int, list[int]] = {}
    for child, parent in parent_of.items():
        children.setdefault(parent, []).append(child)
    found, stack = [], list(children.get(pid, []))
    while stack:
        child = stack.pop()
        found.append((child, parent_of[child], commands.get(child, "")))
        stack.extend(children.get(child, []))
    return found


SEEN_RENDERERS: set[int] = set()  # every Chromium and LibreOffice process seen under the server


def render_processes(pid: int) -> dict[str, int]:
    """Chromium processes, Chromium browsers (a process tree each: one per worker that has drawn
    an image) and LibreOffice processes under the server."""
    under = [(child, parent, command) for child, parent, command in descendants(pid)
             if "chrom" in command or "soffice" in command]  # fmt: skip
    SEEN_RENDERERS.update(child for child, _parent, _command in under)
    chromium = {child for child, _parent, command in under if "chrom" in command}
    return {"chromium": len(chromium),
            "chromium_browsers": sum(parent not in chromium for child, parent, _command in under if child in chromium),
            "libreoffice": sum("soffice" in command for _child, _parent, command in under)}  # fmt: skip


def still_running(pids: set[int]) -> int:
    """How many of `pids` are still alive (not zombies)."""
    alive = 0
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        alive += state != "Z"
    return alive


def _fetch(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=180) as response:
            response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        status = int(error.code)
    except OSError:
        status = 0
    return status, round((time.perf_counter() - started) * 1000, 1)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def renders(url: str, server_pid: int) -> dict[str, Any]:
    """Cold renders at once, /healthz and / timed meanwhile, then 100 exports: see the docstring."""
    stop = threading.Event()
    timings: dict[str, list[float]] = {"/healthz": [], "/": []}

    def sample(path: str) -> None:
        while not stop.is_set():
            timings[path].append(_fetch(f"{url}{path}")[1])
            stop.wait(0.1)

    samplers = [threading.Thread(target=sample, args=(path,)) for path in timings]
    for thread in samplers:
        thread.start()
    burst = [f"{url}{path}" for path in (LSOA_MAPS + LSOA_MAPS[:4])]
    burst += [f"{url}/export/board-pack.pdf?board={board}" for board in BOARDS]
    results: list[tuple[int, float]] = []
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(len(burst)) as pool:
        results = list(pool.map(_fetch, burst))
    burst_seconds = time.perf_counter() - started
    stop.set()
    for thread in samplers:
        thread.join()
    after_burst = render_processes(server_pid)
    counts: dict[str, list[int]] = {}
    for status, _ms in results:
        counts.setdefault(str(status), []).append(1)
    exports = [f"{url}{path}" for path in LSOA_MAPS] + [
        f"{url}/export/quintiles.svg?lang={lang}" for lang in ("en", "cy")
    ]
    statuses = [_fetch(exports[index % len(exports)])[0] for index in range(90)]
    statuses += [_fetch(f"{url}/export/board-pack.pdf?board={BOARDS[index % len(BOARDS)]}")[0] for index in range(10)]
    return {
        "burst": {"requests": len(burst), "seconds": round(burst_seconds, 1),
                  "statuses": {status: len(hits) for status, hits in counts.items()},
                  "slowest_ms": max(ms for _status, ms in results)},
        "healthz_ms": {"p50": _percentile(timings["/healthz"], 0.5), "p95": _percentile(timings["/healthz"], 0.95),
                       "max": max(timings["/healthz"]), "samples": len(timings["/healthz"])},
        "overview_ms": {"p50": _percentile(timings["/"], 0.5), "p95": _percentile(timings["/"], 0.95),
                        "max": max(timings["/"]), "samples": len(timings["/"])},
        "processes_after_burst": after_burst,
        "after_100_exports": {"statuses": sorted(set(statuses)), "processes": render_processes(server_pid)},
        "goal_p95_ms": RENDER_GOAL_MS,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=PROJECT_DIR / "data")
    parser.add_argument("--only", choices=["renders"], help="run one part alone")
    args = parser.parse_args()
    if (shutil.which("wrk") is None and args.only is None) or shutil.which("redis-server") is None:
        sys.exit("needs wrk and redis-server: apt-get install wrk redis-server")
    redis_port, port = _free_port(), _free_port()
    redis_command = ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
                     "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]  # fmt: skip
    redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
    env = os.environ | {"DASHBOARD_DATA_DIR": str(args.data_dir.resolve()), "DASHBOARD_CACHE": "redis",
                        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "DASHBOARD_BIND": f"127.0.0.1:{port}",
                        "DASHBOARD_WORKERS": "2"}  # fmt: skip
    log = tempfile.NamedTemporaryFile("w+", suffix=".log")  # noqa: SIM115  # read after the server stops
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
                              cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {}
    try:
        _wait(f"{url}/healthz")
        if args.only == "renders":
            results["renders"] = renders(url, server.pid)
        else:
            with tempfile.TemporaryDirectory() as folder:
                script = Path(folder) / "mix.lua"
                script.write_text(lua_script(url))
                run_wrk(url, script)  # warm every view and export once
                results["steady"] = run_wrk(url, script)

                def kill_a_worker() -> None:
                    time.sleep(SECONDS / 3)
                    workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout
                    os.kill(int(workers.split()[0]), signal.SIGKILL)

                results["worker_killed"] = run_wrk(url, script, kill_a_worker)

                def stop_and_restart_redis() -> None:
                    nonlocal redis
                    time.sleep(SECONDS / 3)
                    redis.terminate()
                    redis.wait()
                    time.sleep(SECONDS / 3)
                    redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)

                results["redis_stopped_and_restarted"] = run_wrk(url, script, stop_and_restart_redis)
            for count in (SLOW_CLIENTS, SLOW_CLIENTS_HIGH):
                stop = threading.Event()
                holder = threading.Thread(target=slow_clients, args=("127.0.0.1", port, stop, count))
                holder.start()
                time.sleep(2)
                times = healthz_times(url)
                stop.set()
                holder.join()
                results[f"healthz_ms_with_{count}_slow_clients"] = {"max": max(times), "all": times}
            results["renders"] = renders(url, server.pid)
        results["goals"] = {"healthz_ms_with_8_slow_clients_below": 1000, "no_5xx_with_redis_down": True,
                            "errors_when_a_worker_dies": "only requests in flight"}  # fmt: skip
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        redis.terminate()
        redis.wait(timeout=10)
        time.sleep(1)
        if "renders" in results:
            results["renders"]["renderers_seen"] = len(SEEN_RENDERERS)
            results["renders"]["renderers_left_after_stop"] = still_running(SEEN_RENDERERS)
    log.seek(0)
    logged = log.read().splitlines()
    log.close()
    results["server_log_lines"] = len(logged)
    results["redis_log_lines"] = [line[-160:] for line in logged if "Redis cache" in line]
    save_results("load", results)


if __name__ == "__main__":
    main()
