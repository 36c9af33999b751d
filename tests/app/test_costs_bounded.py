"""Costs a public server must bound: renders per worker (a queue, then 503 with Retry-After), the
cache folder and each worker's memory in bytes, and no LibreOffice or Chromium left behind."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from dashboard import data
from dashboard.cache import SafeFileSystemCache
from dashboard.export import gate, routes
from dashboard.export.gate import RenderBusyError, RenderGate


def test_the_gate_queues_then_refuses() -> None:
    """One slot, a queue of one: the first render runs, the second waits its turn, a third is
    refused at once; once the first ends the second runs."""
    render_gate = RenderGate(slots=1, queue=1, wait_seconds=5)
    started, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with render_gate.slot():
            order.append("first")
            started.set()
            release.wait(5)

    def second() -> None:
        with render_gate.slot():
            order.append("second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    started.wait(5)
    threads[1].start()
    time.sleep(0.2)  # the second is now waiting in the queue
    with pytest.raises(RenderBusyError), render_gate.slot():
        pass
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first", "second"]


def test_a_wait_that_runs_out_is_refused() -> None:
    render_gate = RenderGate(slots=1, queue=4, wait_seconds=0.2)
    with render_gate.slot():
        outcome: list[str] = []

        def late() -> None:
            try:
                with render_gate.slot():
                    outcome.append("ran")
            except RenderBusyError:
                outcome.append("refused")

        thread = threading.Thread(target=late)
        thread.start()
        thread.join(5)
    assert outcome == ["refused"]


def test_a_busy_worker_answers_503_with_retry_after(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*_args: object, **_kwargs: object) -> bytes:
        raise RenderBusyError

    monkeypatch.setattr(routes, "exported", busy)
    response = client.get("/export/map.png?scale=2")
    assert response.status_code == 503 and response.headers["Retry-After"] == str(gate.RETRY_AFTER_SECONDS)
    assert "try again" in response.get_data(as_text=True)


def test_the_cache_folder_is_bounded_in_bytes(tmp_path: Path) -> None:
    cache = SafeFileSystemCache(str(tmp_path), threshold=10_000, max_bytes=2 * 2**20)
    image = os.urandom(300_000)  # a map PNG at scale 2 is about 355 kB
    for number in range(30):
        assert cache.set(f"export-{number}", image)
    assert cache.size_bytes() <= 2 * 2**20
    assert cache.get("export-29") == image  # the newest stay
    assert cache.get("export-0") is None  # the oldest went


def test_each_worker_keeps_a_bounded_number_of_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "LOCAL_BYTES", 1_000_000)
    data.clear_process_cache()
    for number in range(20):
        data._remember(("export", number), b"x" * 300_000)
    assert data._local_bytes <= 1_000_000 and ("export", 19) in data._local_store
    assert data._local_bytes == sum(data._size(value) for value in data._local_store.values())
    data.clear_process_cache()


def _processes(name: str) -> list[str]:
    return subprocess.run(["pgrep", "-f", name], capture_output=True, text=True).stdout.split()


def test_libreoffice_leaves_no_process_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A conversion that runs past its time is killed with its whole session (the launcher and
    the soffice.bin it starts), and a finished one leaves nothing either."""
    from dashboard.export import slides

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 300 &\nsleep 300\n")  # a launcher that starts a child, as soffice does
    fake.chmod(0o755)
    monkeypatch.setattr(slides, "libreoffice", lambda: str(fake))
    monkeypatch.setattr(slides, "LIBREOFFICE_TIMEOUT", 1)
    with pytest.raises(subprocess.TimeoutExpired):
        slides.to_pdf(b"not a deck")
    time.sleep(0.3)
    assert not [pid for pid in _processes(f"{tmp_path}") if pid]
    assert not _processes("sleep 300")
