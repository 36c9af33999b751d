"""The download path against a real HTTP server on 127.0.0.1: a good file, a 404, a body cut
short, and the wrong bytes. Each failure names the source and leaves the last good file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from dashboard.etl import fetch
from dashboard.etl.errors import SourceError
from dashboard.etl.fetch import fetch_source, read_sidecar, sha256_of
from dashboard.etl.registry import Source, load_registry

SOURCE_ID = "esp2013"


class _Handler(BaseHTTPRequestHandler):
    mirror: Path
    requests: ClassVar[list[str]] = []

    def log_message(self, *_: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = (self.mirror / "population/european_standard_population.csv").read_bytes()
        if self.path == "/good.csv":
            self._send(200, body, len(body))
        elif self.path == "/wrong.csv":
            self._send(200, body.replace(b"5000", b"5001"), len(body))
        elif self.path == "/short.csv":
            self._send(200, body[: len(body) // 2], len(body))  # announces more than it sends
        elif self.path == "/flaky.csv" and type(self).requests.count("/flaky.csv") == 1:
            self._send(503, b"busy", 4)
        elif self.path == "/flaky.csv":
            self._send(200, body, len(body))
        else:
            self._send(404, b"not found", 9)

    def _send(self, status: int, body: bytes, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True


@pytest.fixture
def server(mirror: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(fetch.time, "sleep", lambda _: None)  # no back-off waits in tests
    handler = type("Handler", (_Handler,), {"mirror": mirror, "requests": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _source(url: str) -> Source:
    return replace(load_registry()[SOURCE_ID], download=url)


def test_download_writes_file_and_provenance(server: str, tmp_path: Path) -> None:
    result = fetch_source(_source(f"{server}/good.csv"), tmp_path, mirror=None)
    assert result.action == "downloaded"
    sidecar = read_sidecar(result.path)
    assert sidecar is not None
    assert sidecar["retrieved_from"] == f"{server}/good.csv"
    assert sidecar["sha256"] == sha256_of(result.path) == load_registry()[SOURCE_ID].sha256
    assert sidecar["verified_against_registry"] is True
    # Once a good file is in place it is kept, not downloaded again.
    assert fetch_source(_source(f"{server}/good.csv"), tmp_path, mirror=None).action == "kept"


def test_transient_server_error_is_retried(server: str, tmp_path: Path) -> None:
    assert fetch_source(_source(f"{server}/flaky.csv"), tmp_path, mirror=None).action == "downloaded"


def test_not_found(server: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"source esp2013.*HTTP 404"):
        fetch_source(_source(f"{server}/missing.csv"), tmp_path, mirror=None)
    assert not list(tmp_path.rglob("*.csv")) and not list(tmp_path.rglob("*.part"))


def test_body_cut_short(server: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"source esp2013.*after 3 attempts.*cut short"):
        fetch_source(_source(f"{server}/short.csv"), tmp_path, mirror=None)
    assert not list(tmp_path.rglob("*.part"))


def test_wrong_bytes_keep_the_last_good_file(server: str, tmp_path: Path) -> None:
    good = fetch_source(_source(f"{server}/good.csv"), tmp_path, mirror=None).path
    before = good.read_bytes()
    (good.parent / (good.name + fetch.SIDECAR_SUFFIX)).unlink()  # force a new download
    with pytest.raises(SourceError, match=r"source esp2013.*does not match the registry"):
        fetch_source(_source(f"{server}/wrong.csv"), tmp_path, mirror=None)
    assert good.read_bytes() == before


def test_derived_file_without_mirror_says_where_to_get_it(tmp_path: Path) -> None:
    source = load_registry()["lsoa11_lookup"]
    with pytest.raises(SourceError, match=r"no direct download.*mirror"):
        fetch_source(source, tmp_path, mirror=None)
