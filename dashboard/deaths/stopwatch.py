"""Seconds per stage of a build, for its record and the benchmarks."""

from __future__ import annotations

import time


class Stopwatch:
    """Adds the seconds since the last lap to a named stage (nothing when there is no record)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now

    def restart(self) -> None:
        """Start the next lap now (the time since the last lap was counted elsewhere)."""
        self.last = time.perf_counter()
