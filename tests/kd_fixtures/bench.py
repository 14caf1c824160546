"""What the benchmarks share: the figures table they fill (printed at the end of the run) and the event-loop
watch that measures how long the loop was kept from running."""
from __future__ import annotations

import gc
import time

from PySide6.QtCore import QTimer

__all__ = ["TABLE", "record", "LoopWatch"]
TABLE: list[tuple[str, int, float, str, str]] = []  # figure, orders, measured, baseline, target


def record(figure: str, count: int, value: float, baseline: str, target: str) -> None:
    """One line of the table, printed at once too (-s) so a partial run still shows its figures."""
    TABLE.append((figure, count, value, baseline, target))
    print(f"\nFIGURE {figure} | {count} | {value:.2f} | {baseline} | {target}")


class LoopWatch:
    """Largest gap between ticks of a 5 ms QTimer: how long the event loop was kept from running. `worst_cpu` is
    the CPU time the loop's thread used during that gap: far below the gap, the till was not working but waiting
    for a core (2 cores shared with the sandbox's process and other work), which no code change removes.
    `worst_gc` is the time Python's garbage collector ran during that gap (any thread: it holds the GIL)."""

    def __init__(self):
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.worst = self.worst_cpu = self.worst_gc = self.gc_since_tick = 0.0
        self._gc_started = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def tick(self):
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.last > self.worst:
            self.worst, self.worst_cpu, self.worst_gc = now - self.last, cpu - self.last_cpu, self.gc_since_tick
        self.last, self.last_cpu, self.gc_since_tick = now, cpu, 0.0

    def _on_gc(self, phase, _info):
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_since_tick += time.perf_counter() - self._gc_started

    def start(self):
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.worst = self.worst_cpu = self.worst_gc = self.gc_since_tick = 0.0
        gc.callbacks.append(self._on_gc)
        self.timer.start()

    def stop(self):
        self.timer.stop()
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        return self.worst

    def detail(self) -> str:
        """What the worst gap was made of, for the figure's note."""
        return f"calcul du fil {self.worst_cpu * 1000:.0f} ms, ramasse-miettes {self.worst_gc * 1000:.0f} ms"
