"""Browser fixtures: gunicorn on 127.0.0.1 and Debian's Chromium (headless, through
chromedriver), one of each per test module."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from selenium import webdriver

from dashboard.config import PROJECT_DIR, Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SERVERS: dict[str, subprocess.Popen[bytes]] = {}  # base URL -> its gunicorn master, for fault tests


@contextmanager
def running_app(data_dir: Path, **environment: str) -> Iterator[str]:
    """gunicorn serving the app on a free 127.0.0.1 port for `data_dir`; yields its base URL."""
    with logged_app(data_dir, None, environment) as url:
        yield url


@contextmanager
def logged_app(data_dir: Path, log: Path | None, environment: dict[str, str] | None = None) -> Iterator[str]:
    """As `running_app`, its access and error log written to `log` (for tests that read it)."""
    environment = environment or {}
    port = _free_port()
    env = os.environ | {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_CACHE": "filesystem",
                        "DASHBOARD_BIND": f"127.0.0.1:{port}", "DASHBOARD_WORKERS": "2"} | environment  # fmt: skip
    sink = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
        cwd=PROJECT_DIR, env=env, stdout=sink, stderr=sink,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not answer /healthz within 60 s")
    SERVERS[url] = process
    try:
        yield url
    finally:
        SERVERS.pop(url, None)
        process.terminate()
        process.wait(timeout=20)
        if log is not None and not isinstance(sink, int):
            sink.close()


@pytest.fixture(scope="session")
def demo_data(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with the synthetic register's indicators, made by the documented CLIs."""
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    shutil.copytree(built.data_dir, data_dir)
    env = os.environ | {"DASHBOARD_DATA_DIR": str(data_dir)}
    register = data_dir / "synthetic_register.csv"
    for command in (["synth", "--out", str(register)], ["build", str(register)]):
        subprocess.run([sys.executable, "-m", "dashboard.deaths", *command], cwd=PROJECT_DIR, env=env, check=True,
                       capture_output=True)  # fmt: skip
    assert (data_dir / "processed" / "indicators_synthetic.parquet").exists()
    return data_dir


@pytest.fixture(scope="session")
def trend_data(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with three years of the synthetic register (2016-2018), pooled in three
    years, made by the documented CLIs as `make synthetic` makes ten."""
    data_dir = tmp_path_factory.mktemp("trend") / "data"
    shutil.copytree(built.data_dir, data_dir)
    env = os.environ | {"DASHBOARD_DATA_DIR": str(data_dir)}
    register = data_dir / "synthetic_register.csv"
    for command in (["synth", "--years", "2016-2018", "--out", str(register)],
                    ["build", str(register), "--pool-years", "3"]):  # fmt: skip
        subprocess.run([sys.executable, "-m", "dashboard.deaths", *command], cwd=PROJECT_DIR, env=env, check=True,
                       capture_output=True)  # fmt: skip
    return data_dir


@pytest.fixture(scope="module")
def server_url(built: Settings) -> Iterator[str]:
    with running_app(built.data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    if shutil.which("chromedriver") is None or not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium and chromium-driver are needed; .ci/run installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[FlaskClient]:
    """The app itself (no server) on the real build, for many quick requests; a module's own
    `client` fixture (test_routes.py) takes precedence."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DASHBOARD_DATA_DIR", str(built.data_dir))
    patch.setenv("DASHBOARD_CACHE", "simple")
    sys.modules.pop("app", None)
    module = importlib.import_module("app")
    yield module.server.test_client()
    patch.undo()
    sys.modules.pop("app", None)


def start_redis(port: int, *options: str) -> subprocess.Popen[bytes]:
    """A real redis-server on 127.0.0.1:`port` (nothing written to disk), once it answers."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; .ci/run installs it (apt-get install redis-server)")
    process = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly",
                                "no", *options], stdout=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    pytest.fail("redis-server did not start")
