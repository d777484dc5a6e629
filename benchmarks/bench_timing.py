"""How every benchmark script times a step (imported by the scripts beside it)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(step: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU milliseconds of ``runs`` runs after a warm-up run. On a shared
    machine the CPU time (this process only) shows the work itself; the wall time is what the
    user waits."""
    result = step()  # warm the page cache and SQLite's statement cache
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = step()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), result
