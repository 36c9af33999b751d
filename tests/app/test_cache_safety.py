"""The shared cache cannot be made to run code, and losing Redis or a worker loses no page: view models survive
the JSON serializer unchanged; a planted pickle or a JSON entry naming a foreign class is a miss
and runs nothing; with a real redis-server stopped mid-run, reads compute directly, the outage is
logged once, /healthz says "degraded" and pages still answer; when Redis returns, so does the cache."""

from __future__ import annotations

import json
import logging
import os
import pickle
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import plotly.io as pio
import pytest
import redis

from dashboard import cache as cache_module
from dashboard import data
from dashboard.cache import ResilientRedisCache, cache_degraded, standalone
from dashboard.cache_serializer import SafeSerializer, dumps_value, loads_value
from dashboard.config import Settings, load_settings
from dashboard.views import area, inequalities, overview
from dashboard.views import map as map_view
from tests.app.conftest import SERVERS, _free_port, running_app, start_redis

REDIS_BOUNDS = ("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru")


@pytest.fixture
def redis_port() -> Iterator[int]:
    port = _free_port()
    process = start_redis(port, *REDIS_BOUNDS)
    yield port
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def views_data(built: Settings) -> Iterator[None]:
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    yield


@pytest.mark.parametrize(
    ("module", "query"),
    [(overview, ""), (map_view, "measure=wimd2019-quintile"), (inequalities, "groups=decile"),
     (area, "area=W11000030"), (area, "area=W06000015")],
)  # fmt: skip
def test_view_models_survive_the_serializer_unchanged(views_data: None, module: object, query: str) -> None:
    model = module.build(module.parse(query)[0])  # type: ignore[attr-defined]
    again = loads_value(dumps_value(model))
    assert type(again) is type(model) and len(again.charts) == len(model.charts)
    for before, after in zip(model.charts, again.charts, strict=True):
        assert (before.chart_id, before.title, before.sentence, before.source) == (
            after.chart_id, after.title, after.sentence, after.source
        )  # fmt: skip
        if before.figure is None:
            assert after.figure is None
        else:
            assert json.loads(pio.to_json(before.figure)) == json.loads(pio.to_json(after.figure))
        assert before.table.equals(after.table), before.chart_id


class _Planted:
    """What an attacker with write access to Redis would store: unpickling it runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_runs_nothing_and_is_a_miss(redis_port: int, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    client = redis.Redis(port=redis_port)
    client.set("dashboard:planted", b"!" + pickle.dumps(_Planted(marker)))
    backend = ResilientRedisCache(host=client, key_prefix="dashboard:")
    assert backend.get("planted") is None
    assert not marker.exists(), "reading the cache ran a command"
    foreign = json.dumps({"__cache__": "dataclass", "class": "os:system", "fields": {}}).encode()
    client.set("dashboard:foreign", foreign)
    assert backend.get("foreign") is None
    assert SafeSerializer().loads(b"\x80\x04not json") is None


def test_losing_redis_loses_no_read_and_is_logged_once(
    built: Settings, redis_port: int, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = replace(built, cache_backend="redis", redis_url=f"redis://127.0.0.1:{redis_port}/0")
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.2)
    restarted: subprocess.Popen[bytes] | None = None
    with standalone(settings):
        assert len(data.areas("la")) == 22 and not cache_degraded()
        redis.Redis(port=redis_port).shutdown(nosave=True)  # the server goes, mid-run
        time.sleep(0.3)
        with caplog.at_level(logging.WARNING, logger="dashboard.cache"):
            for _ in range(50):
                data.clear_process_cache()  # every read goes to the shared cache, as a new worker's would
                assert len(data.areas("la")) == 22  # computed directly
            assert cache_degraded()
            outages = [record for record in caplog.records if "unreachable" in record.getMessage()]
            assert len(outages) == 1
            restarted = start_redis(redis_port, *REDIS_BOUNDS)
            time.sleep(0.3)
            for _ in range(3):
                data.clear_process_cache()
                data.areas("la")
            assert not cache_degraded()
            assert any("back after" in record.getMessage() for record in caplog.records)
    assert restarted is not None
    restarted.terminate()
    restarted.wait(timeout=10)


def test_with_redis_stopped_pages_answer_and_healthz_says_degraded(built: Settings) -> None:
    port = _free_port()
    process = start_redis(port, *REDIS_BOUNDS)
    try:
        with running_app(built.data_dir, DASHBOARD_CACHE="redis", REDIS_URL=f"redis://127.0.0.1:{port}/0") as url:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
                assert json.load(response)["status"] == "ok"
            process.terminate()
            process.wait(timeout=10)
            for path in ("/", "/map", "/inequalities", "/area?area=W11000030", "/export/quintiles.csv"):
                with urllib.request.urlopen(f"{url}{path}", timeout=60) as response:
                    assert response.status == 200, path
            statuses = set()
            for _ in range(4):  # two workers: each finds the outage for itself
                with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
                    statuses.add(json.load(response)["status"])
            assert "degraded" in statuses
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def test_a_worker_killed_costs_no_request_after_it(built: Settings) -> None:
    """SIGKILL one gunicorn worker: the other answers meanwhile and the master starts a new one."""
    with running_app(built.data_dir) as url:
        master = SERVERS[url]
        workers = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) == 2
        os.kill(int(workers[0]), signal.SIGKILL)
        for _ in range(20):
            with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
                assert response.status == 200
            time.sleep(0.1)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
            if len(now) == 2 and workers[0] not in now:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the master did not start a new worker")
