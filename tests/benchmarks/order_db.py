"""Benchmark shops: a database of N web orders built through the store's own API (kd_fixtures.orders), kept in a
cache folder so a second run does not wait minutes again, and copied for each test.

`KD_BENCH_SCALES` (default "10000") lists the sizes to measure, e.g. KD_BENCH_SCALES=10000,100000.
`KD_BENCH_CACHE` (default /tmp/kd-bench-cache) is where the built databases are kept.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from kd_fixtures.orders import fill_orders

from kezia_desk.store.database import DATABASE_FILENAME

SCALES = [int(s) for s in os.environ.get("KD_BENCH_SCALES", "10000").split(",") if s.strip()]
CACHE = Path(os.environ.get("KD_BENCH_CACHE", "/tmp/kd-bench-cache"))


def shop_with_orders(count: int, data_dir: Path) -> float:
    """Put a database of `count` orders in `data_dir`; returns the seconds spent building it (0 from cache)."""
    cached = CACHE / str(count)
    spent = 0.0
    if not (cached / DATABASE_FILENAME).exists():
        shutil.rmtree(cached, ignore_errors=True)
        started = time.perf_counter()
        fill_orders(cached, count, batch=2000)
        spent = time.perf_counter() - started
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in os.listdir(cached):
        shutil.copy(cached / name, data_dir / name)
    return spent


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576
