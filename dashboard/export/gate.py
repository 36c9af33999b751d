"""At most a few renders at a time in each worker, so images and board packs cannot take the
machine from pages: a render (kaleido's Chromium drawing a PNG or SVG, LibreOffice turning a deck
into PDF) waits for one of `DASHBOARD_RENDERS_PER_WORKER` slots (default 1); when
`DASHBOARD_RENDER_QUEUE` renders are already waiting in the worker (default 4), or a slot does not
come free within `RENDER_WAIT_SECONDS`, the request is refused with 503 and Retry-After instead
of holding a thread. Only a cache miss renders: a warm export never reaches the gate."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

RENDER_WAIT_SECONDS: Final = 30.0
RETRY_AFTER_SECONDS: Final = 10


class RenderBusyError(Exception):
    """Every render slot of this worker is taken and its queue is full: try again shortly."""


class RenderGate:
    """`slots` renders at once; at most `queue` more waiting; the rest refused at once."""

    def __init__(self, slots: int, queue: int, wait_seconds: float = RENDER_WAIT_SECONDS) -> None:
        if slots < 1 or queue < 0:
            raise ValueError("a render gate needs at least one slot and a queue of zero or more")
        self._slots = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._waiting = 0
        self.queue, self.wait_seconds = queue, wait_seconds

    @contextmanager
    def slot(self) -> Iterator[None]:
        if self._slots.acquire(blocking=False):  # a free slot: no queue
            acquired = True
        else:
            with self._lock:
                if self._waiting >= self.queue:
                    raise RenderBusyError
                self._waiting += 1
            try:
                acquired = self._slots.acquire(timeout=self.wait_seconds)
            finally:
                with self._lock:
                    self._waiting -= 1
        if not acquired:
            raise RenderBusyError
        try:
            yield
        finally:
            self._slots.release()


def _setting(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


GATE = RenderGate(_setting("DASHBOARD_RENDERS_PER_WORKER", 1), _setting("DASHBOARD_RENDER_QUEUE", 4))
